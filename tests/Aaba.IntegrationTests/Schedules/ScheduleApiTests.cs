using System.Net;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Schedules;

/// <summary>The schedule routes over HTTP with keys: admins change, readers read, tenants never meet, changes and firings are audited.</summary>
[Collection(SecurityCollection.Name)]
public sealed class ScheduleApiTests(SecurityFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(AabaClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await client.Http.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task An_admin_creates_reads_lists_pauses_resumes_and_deletes_a_schedule_and_each_change_is_audited()
    {
        using var admin = await fixture.CreateKeyAsync("sched-a", "admin");
        var reader = await fixture.KeyAsync("sched-a", "reader");
        var body = """{"cron":"0 9 * * 1-5","time_zone":"Europe/Paris","agent":"add","input":{"x":1,"y":2},"timeout_s":30}""";

        var (created, schedule) = await SendAsync(admin.Client, HttpMethod.Put, "/schedules/weekday-morning", body);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("weekday-morning", schedule.GetProperty("name").GetString());
        Assert.Equal("Europe/Paris", schedule.GetProperty("time_zone").GetString());
        Assert.Equal(30, schedule.GetProperty("timeout_s").GetDouble());
        Assert.Equal(2, schedule.GetProperty("input").GetProperty("y").GetInt32());
        Assert.False(schedule.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("last_run").ValueKind);
        Assert.Equal(admin.Id, schedule.GetProperty("updated_by").GetString());
        var next = schedule.GetProperty("next_run_at").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow && next.ToOffset(TimeSpan.Zero).Minute == 0, $"next run {next:O}");
        Assert.Contains(next.DayOfWeek, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday });

        var (changed, _) = await SendAsync(admin.Client, HttpMethod.Put, "/schedules/weekday-morning", body.Replace("\"x\":1", "\"x\":5", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, changed);
        var (read, one) = await SendAsync(reader.Client, HttpMethod.Get, "/schedules/weekday-morning");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(5, one.GetProperty("input").GetProperty("x").GetInt32());
        var (_, list) = await SendAsync(reader.Client, HttpMethod.Get, "/schedules");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("name").GetString() == "weekday-morning" && s.GetProperty("next_run_at").ValueKind == JsonValueKind.String);

        // A reader may read, not change.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(reader.Client, HttpMethod.Post, "/schedules/weekday-morning/pause")).Status);

        var (pausedStatus, paused) = await SendAsync(admin.Client, HttpMethod.Post, "/schedules/weekday-morning/pause");
        Assert.Equal(HttpStatusCode.OK, pausedStatus);
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("next_run_at").ValueKind);
        var (_, resumed) = await SendAsync(admin.Client, HttpMethod.Post, "/schedules/weekday-morning/resume");
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.Equal(next, resumed.GetProperty("next_run_at").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin.Client, HttpMethod.Delete, "/schedules/weekday-morning")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(reader.Client, HttpMethod.Get, "/schedules/weekday-morning")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin.Client, HttpMethod.Delete, "/schedules/weekday-morning")).Status);

        using var audit = JsonDocument.Parse(await fixture.Admin.Http.GetStringAsync($"/admin/audit?actor={admin.Id}&limit=50", Cancellation));
        var actions = audit.RootElement.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == "weekday-morning")
            .Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("outcome").GetString()}").Reverse().ToList();
        Assert.Equal(["schedule.set ok", "schedule.set ok", "schedule.pause ok", "schedule.resume ok", "schedule.delete ok", "schedule.delete failed"], actions);
    }

    [Fact]
    public async Task Another_tenants_schedule_is_a_404_and_names_are_each_tenants_own()
    {
        var mine = await fixture.KeyAsync("sched-mine", "admin");
        var theirs = await fixture.KeyAsync("sched-theirs", "admin");
        var body = """{"cron":"0 0 1 1 *","time_zone":"UTC","agent":"add","input":{"x":1,"y":1}}""";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(mine.Client, HttpMethod.Put, "/schedules/yearly", body)).Status);

        foreach (var (method, path) in new[] { (HttpMethod.Get, "/schedules/yearly"), (HttpMethod.Delete, "/schedules/yearly"),
                     (HttpMethod.Post, "/schedules/yearly/pause"), (HttpMethod.Post, "/schedules/yearly/resume") })
        {
            var (status, problem) = await SendAsync(theirs.Client, method, path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("Schedule not found", problem.GetProperty("title").GetString());
        }
        var (_, theirList) = await SendAsync(theirs.Client, HttpMethod.Get, "/schedules");
        Assert.DoesNotContain(theirList.EnumerateArray(), s => s.GetProperty("name").GetString() == "yearly");

        // Their own "yearly" is another schedule; mine is untouched.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(theirs.Client, HttpMethod.Put, "/schedules/yearly", body.Replace("\"x\":1", "\"x\":9", StringComparison.Ordinal))).Status);
        var (_, stillMine) = await SendAsync(mine.Client, HttpMethod.Get, "/schedules/yearly");
        Assert.Equal(1, stillMine.GetProperty("input").GetProperty("x").GetInt32());
        Assert.False(stillMine.GetProperty("paused").GetBoolean());
    }

    [Theory]
    [InlineData("nightly", """{"cron":"0 24 * * *","agent":"add","input":{"x":1,"y":1}}""", "cron")]
    [InlineData("nightly", """{"cron":"* * *","agent":"add","input":{"x":1,"y":1}}""", "cron")]
    [InlineData("nightly", """{"cron":"0 2 * * *","time_zone":"Europe/Atlantis","agent":"add","input":{"x":1,"y":1}}""", "time_zone")]
    [InlineData("nightly", """{"cron":"0 2 * * *","agent":"no-such-agent","input":{}}""", "agent")]
    [InlineData("nightly", """{"cron":"0 2 * * *","agent":"add","input":{"x":"one","y":1}}""", "input.x")]
    [InlineData("nightly", """{"cron":"0 2 * * *","agent":"add","input":[1]}""", "input")]
    [InlineData("nightly", """{"cron":"0 2 * * *","agent":"add","input":{"x":1,"y":1},"every":"day"}""", "every")]
    [InlineData("nightly", """{"cron":"0 2 * * *","input":{"x":1,"y":1}}""", "agent")]
    [InlineData("Nightly", """{"cron":"0 2 * * *","agent":"add","input":{"x":1,"y":1}}""", "name")]
    public async Task A_bad_schedule_is_a_400_problem_naming_the_field(string name, string body, string field)
    {
        var admin = await fixture.KeyAsync("sched-bad", "admin");
        var (status, problem) = await SendAsync(admin.Client, HttpMethod.Put, $"/schedules/{name}", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Invalid schedule", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}': {problem}");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin.Client, HttpMethod.Get, $"/schedules/{name}")).Status);
    }

    [Fact]
    public async Task A_firing_runs_in_the_schedules_tenant_and_is_audited_with_its_task()
    {
        using var admin = await fixture.CreateKeyAsync("sched-fire", "admin");
        var outsider = await fixture.KeyAsync("sched-outsider", "admin");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin.Client, HttpMethod.Put, "/schedules/each-second",
            """{"cron":"* * * * * *","time_zone":"UTC","agent":"add","input":{"x":20,"y":22}}""")).Status);

        string? taskId = null;
        await Eventually.UntilAsync(async () =>
        {
            var (_, schedule) = await SendAsync(admin.Client, HttpMethod.Get, "/schedules/each-second");
            taskId = schedule.GetProperty("last_run") is { ValueKind: JsonValueKind.Object } run ? run.GetProperty("task_id").GetString() : null;
            return taskId is not null;
        }, "a firing", TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin.Client, HttpMethod.Post, "/schedules/each-second/pause")).Status);

        var task = await admin.Client.WaitForTerminalAsync(taskId!);
        Assert.Equal(42, task.GetProperty("result").GetProperty("sum").GetDouble());
        Assert.Null(await outsider.Client.GetTaskAsync(taskId!));

        using var audit = JsonDocument.Parse(await fixture.Admin.Http.GetStringAsync($"/admin/audit?action=schedule.fire&tenant=sched-fire&limit=200", Cancellation));
        var fired = Assert.Single(audit.RootElement.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString() == taskId);
        Assert.Equal(admin.Id, fired.GetProperty("actor").GetString());
        Assert.Equal("ok", fired.GetProperty("outcome").GetString());
        Assert.Equal("/agents/add/run", fired.GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin.Client, HttpMethod.Delete, "/schedules/each-second")).Status);
    }
}
