using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Security;

/// <summary>Every run, cancel, admin action, denied request and first use of a key from an address leaves an audit entry; none can be changed.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuditTests(SecurityFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<List<JsonElement>> EntriesOfAsync(string actor)
    {
        using var json = JsonDocument.Parse(await fixture.Admin.Http.GetStringAsync($"/admin/audit?actor={actor}&limit=200", Cancellation));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task Runs_cancels_denials_and_a_keys_first_address_are_audited_with_who_what_tenant_where_and_outcome()
    {
        using var operatorKey = await fixture.CreateKeyAsync("audited", "operator");
        using var readerKey = await fixture.CreateKeyAsync("audited", "reader");
        var id = await operatorKey.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":20000}""");
        (await operatorKey.Client.Http.PostAsync($"/agents/status/{id}/cancel", null, Cancellation)).Dispose();
        (await readerKey.Client.PostJsonAsync("/agents/add/run", """{"x":1,"y":1}""")).Dispose();
        (await operatorKey.Client.Http.PostAsync($"/agents/status/{Guid.CreateVersion7()}/cancel", null, Cancellation)).Dispose();

        var operatorEntries = await EntriesOfAsync(operatorKey.Id);
        var run = Assert.Single(operatorEntries, e => e.GetProperty("action").GetString() == "task.run");
        Assert.Equal(id, run.GetProperty("target").GetString());
        Assert.Equal("audited", run.GetProperty("tenant").GetString());
        Assert.Equal("operator", run.GetProperty("role").GetString());
        Assert.Equal("ok", run.GetProperty("outcome").GetString());
        Assert.Equal(202, run.GetProperty("status").GetInt32());
        Assert.Equal("127.0.0.1", run.GetProperty("address").GetString());
        Assert.Equal("/agents/add/run", run.GetProperty("path").GetString());
        var cancels = operatorEntries.Where(e => e.GetProperty("action").GetString() == "task.cancel").ToList();
        Assert.Equal(2, cancels.Count);
        Assert.Contains(cancels, c => c.GetProperty("status").GetInt32() == 200 && c.GetProperty("target").GetString() == id);
        Assert.Contains(cancels, c => c.GetProperty("status").GetInt32() == 404 && c.GetProperty("outcome").GetString() == "failed");
        Assert.Single(operatorEntries, e => e.GetProperty("action").GetString() == "key.new_address");

        var readerEntries = await EntriesOfAsync(readerKey.Id);
        var denied = Assert.Single(readerEntries, e => e.GetProperty("action").GetString() == "request.denied");
        Assert.Equal("denied", denied.GetProperty("outcome").GetString());
        Assert.Equal(403, denied.GetProperty("status").GetInt32());
        Assert.Equal("role_too_low", denied.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Admin_actions_and_anonymous_denials_are_audited_and_the_trail_pages_newest_first()
    {
        using var made = await fixture.CreateKeyAsync("audited", "reader", "to revoke");
        (await fixture.Admin.Http.GetAsync("/admin/keys", Cancellation)).Dispose();
        (await fixture.Admin.Http.DeleteAsync($"/admin/keys/{made.Id}", Cancellation)).Dispose();
        (await fixture.Admin.Http.PutAsJsonAsync("/admin/agents/add/secrets/audited", new { value = "v" }, Cancellation)).Dispose();
        (await fixture.Admin.Http.GetAsync("/admin/agents/add/secrets", Cancellation)).Dispose();
        (await fixture.Admin.Http.DeleteAsync("/admin/agents/add/secrets/audited", Cancellation)).Dispose();
        // Reading the trail is an admin action too (its entry follows the read, so it shows in the next one).
        (await fixture.Admin.Http.GetAsync("/admin/audit?limit=1", Cancellation)).Dispose();
        using var anonymous = fixture.Anonymous();
        (await anonymous.Http.GetAsync("/tasks", Cancellation)).Dispose();
        (await anonymous.Http.GetAsync("/tasks?key=aaba_" + new string('q', 43), Cancellation)).Dispose();

        var admin = await EntriesOfAsync("bootstrap");
        foreach (var action in new[] { "key.create", "key.list", "key.revoke", "secret.set", "secret.list", "secret.delete", "audit.read" })
        {
            Assert.Contains(admin, e => e.GetProperty("action").GetString() == action);
        }
        Assert.Contains(admin, e => e.GetProperty("action").GetString() == "key.revoke" && e.GetProperty("target").GetString() == made.Id);
        Assert.Contains(admin, e => e.GetProperty("action").GetString() == "secret.set" && e.GetProperty("target").GetString() == "add/audited");
        var anonymousDenials = (await EntriesOfAsync("anonymous")).Where(e => e.GetProperty("action").GetString() == "request.denied").ToList();
        Assert.Contains(anonymousDenials, e => e.GetProperty("detail").GetString() == "no_key" && e.GetProperty("status").GetInt32() == 401);
        Assert.Contains(anonymousDenials, e => e.GetProperty("detail").GetString() == "key_in_query" && e.GetProperty("status").GetInt32() == 400);

        // Pages: newest first, neither skipping nor repeating.
        using var first = JsonDocument.Parse(await fixture.Admin.Http.GetStringAsync("/admin/audit?actor=bootstrap&limit=2", Cancellation));
        var cursor = first.RootElement.GetProperty("next_cursor").GetString();
        using var second = JsonDocument.Parse(await fixture.Admin.Http.GetStringAsync($"/admin/audit?actor=bootstrap&limit=2&cursor={cursor}", Cancellation));
        var ids = first.RootElement.GetProperty("items").EnumerateArray().Concat(second.RootElement.GetProperty("items").EnumerateArray())
            .Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(4, ids.Distinct().Count());
        Assert.Equal(ids.OrderDescending(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task The_trail_cannot_be_changed_through_the_API_and_bad_queries_are_400()
    {
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var response = await fixture.Admin.Http.SendAsync(new HttpRequestMessage(method, "/admin/audit"), Cancellation);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }
        foreach (var query in new[] { "limit=0", "limit=1000", "cursor=abc", "since=yesterday", "outcome=maybe", "tenant=Not%20A%20Tenant", "actor=%0d%0aX-Injected:%201" })
        {
            using var response = await fixture.Admin.Http.GetAsync($"/admin/audit?{query}", Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"?{query} answered {(int)response.StatusCode}");
        }
    }
}
