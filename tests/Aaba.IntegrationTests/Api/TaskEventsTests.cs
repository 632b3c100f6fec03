using Aaba.Testing;

namespace Aaba.IntegrationTests.Api;

[Collection(ApiCollection.Name)]
public sealed class TaskEventsTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_watcher_sees_every_status_change_live_with_increasing_ids_and_the_stream_ends()
    {
        var id = await fixture.Client.RunAsync("add", """{"x":2,"y":3,"delay_ms":800}""");

        var events = await Events.ReadAllAsync(fixture.Client.Http, id);

        Assert.Equal(["queued", "running", "succeeded"], events.Select(e => e.Data.GetProperty("status").GetString()));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Last_event_id_resumes_without_gaps_or_repeats()
    {
        var id = await fixture.Client.RunAsync("add", """{"x":2,"y":3,"delay_ms":300}""");
        var all = await Events.ReadAllAsync(fixture.Client.Http, id);

        var resumed = await Events.ReadAllAsync(fixture.Client.Http, id, lastEventId: all[0].Id);

        Assert.Equal(all.Skip(1).Select(e => e.Id), resumed.Select(e => e.Id));
    }

    [Fact]
    public async Task A_finished_task_replays_its_events_and_many_watchers_get_the_same_stream()
    {
        var id = await fixture.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":500}""");

        var watchers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Events.ReadAllAsync(fixture.Client.Http, id)));
        var replay = await Events.ReadAllAsync(fixture.Client.Http, id);

        Assert.All(watchers, events => Assert.Equal(replay.Select(e => e.Id), events.Select(e => e.Id)));
        Assert.Equal("succeeded", replay[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_offline_lead_agent_reports_its_steps_in_order_before_it_finishes()
    {
        var id = await fixture.Client.RunAsync("lead", """{"query":"react typescript"}""");

        var events = await Events.ReadAllAsync(fixture.Client.Http, id);

        // A run this quick sends its steps with its outcome; they still come before the end, in the order reported.
        Assert.Equal(
            ["status:queued", "status:running", "progress:Searching", "progress:Found", "status:succeeded"],
            events.Select(e => e.Type + ":" + (e.Type == "progress"
                ? e.Data.GetProperty("message").GetString()!.Split(' ')[0]
                : e.Data.GetProperty("status").GetString())));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
    }

    [Fact]
    public async Task Events_of_an_unknown_task_are_404()
    {
        using var response = await fixture.Client.Http.GetAsync("/agents/status/01a211c9-5c1e-721e-8c56-0376c6503ab1/events", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
