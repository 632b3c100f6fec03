using System.Net;
using System.Text;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Security;

/// <summary>Each role against each route: allowed (anything but 401/403) or denied (401 without a key, 403 with a role too low).</summary>
[Collection(SecurityCollection.Name)]
public sealed class AccessControlTests(SecurityFixture fixture)
{
    private const string Tenant = "matrix";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>(method, path, body, the least role that may call it; "public" for anyone). {task} is a task of the tenant.</summary>
    public static TheoryData<string, string, string?, string> Routes => new()
    {
        { "GET", "/agents", null, "reader" },
        { "POST", "/agents/add/run", """{"x":1,"y":2}""", "operator" },
        { "POST", "/agents/run-lead", """{"query":"python","limit":1}""", "operator" },
        { "GET", "/agents/status/{task}", null, "reader" },
        { "GET", "/agents/status/{task}?wait_s=1", null, "reader" },
        { "GET", "/agents/status/{task}/transcript", null, "reader" },
        { "GET", "/agents/status/{task}/events", null, "reader" },
        { "POST", "/agents/status/{task}/cancel", null, "operator" },
        { "GET", "/tasks", null, "reader" },
        { "GET", "/tasks/stats", null, "reader" },
        { "GET", "/tasks/activity?minutes=5", null, "reader" },
        { "POST", "/admin/keys", """{"name":"made in the matrix","tenant":"matrix","role":"reader"}""", "admin" },
        { "GET", "/admin/keys", null, "admin" },
        { "DELETE", "/admin/keys/key_0000000000000000", null, "admin" },
        { "GET", "/admin/audit?limit=1", null, "admin" },
        { "PUT", "/admin/agents/add/secrets/matrix_secret", """{"value":"not-a-real-secret"}""", "admin" },
        { "GET", "/admin/agents/add/secrets", null, "admin" },
        { "DELETE", "/admin/agents/add/secrets/matrix_secret", null, "admin" },
        { "GET", "/schedules", null, "reader" },
        { "GET", "/schedules/matrix-schedule", null, "reader" },
        { "PUT", "/schedules/matrix-schedule", """{"cron":"0 0 1 1 *","time_zone":"UTC","agent":"add","input":{"x":1,"y":2}}""", "admin" },
        { "POST", "/schedules/matrix-schedule/pause", null, "admin" },
        { "POST", "/schedules/matrix-schedule/resume", null, "admin" },
        { "DELETE", "/schedules/matrix-schedule", null, "admin" },
        { "GET", "/docs/", null, "admin" },
        { "GET", "/openapi/v1.json", null, "admin" },
        { "GET", "/dashboard/", null, "admin" },
        { "GET", "/metrics", null, "admin" },
        { "GET", "/healthz", null, "public" },
        { "GET", "/readyz", null, "public" },
        { "GET", "/no-such-route", null, "reader" },
    };

    private static readonly string[] Ranks = ["none", "reader", "operator", "admin"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_role_is_allowed_exactly_the_routes_of_its_rank(string method, string path, string? body, string least)
    {
        var task = await fixture.KeyAsync(Tenant, "operator");
        var id = await task.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":200}""");
        var failures = new List<string>();
        foreach (var rank in Ranks)
        {
            var key = rank == "none" ? null : await fixture.KeyAsync(Tenant, rank);
            using var anonymous = fixture.Anonymous();
            var client = key?.Client ?? anonymous;
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{task}", id, StringComparison.Ordinal));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancellation);
            var allowed = least == "public" || Array.IndexOf(Ranks, rank) >= Array.IndexOf(Ranks, least);
            var denied = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
            var expectedDenial = rank == "none" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            if (allowed == denied || (!allowed && response.StatusCode != expectedDenial) || (int)response.StatusCode >= 500)
            {
                failures.Add($"{rank}: {method} {path} answered {(int)response.StatusCode}, expected {(allowed ? "allowed" : ((int)expectedDenial).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            }
            if (denied)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_missing_unknown_or_malformed_key_is_a_401_problem_and_two_different_keys_are_refused()
    {
        using var reader = await fixture.CreateKeyAsync(Tenant, "reader");
        using var anonymous = fixture.Anonymous();
        foreach (var (header, value) in new[]
        {
            ("Authorization", "Bearer aaba_" + new string('x', 43)),
            ("X-Api-Key", "aaba_" + new string('y', 43)),
            ("Authorization", "Bearer not-a-key"),
            ("Authorization", "Basic dXNlcjpwYXNz"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/tasks");
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await anonymous.Http.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        using var both = new HttpRequestMessage(HttpMethod.Get, "/tasks");
        both.Headers.Add("X-Api-Key", "aaba_" + new string('z', 43));
        using var conflicting = await reader.Client.Http.SendAsync(both, Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, conflicting.StatusCode);
        using var ok = new HttpRequestMessage(HttpMethod.Get, "/tasks");
        ok.Headers.Add("X-Api-Key", reader.Secret);
        using var viaHeader = await anonymous.Http.SendAsync(ok, Cancellation);
        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
    }

    [Fact]
    public async Task A_key_in_the_query_string_is_refused_and_not_used()
    {
        using var reader = await fixture.CreateKeyAsync(Tenant, "reader");
        using var anonymous = fixture.Anonymous();
        using var response = await anonymous.Http.GetAsync($"/tasks?api_key={reader.Secret}", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("query string", body, StringComparison.Ordinal);
        Assert.DoesNotContain(reader.Secret, body, StringComparison.Ordinal);
        // Even with a valid key in the header, a key in the URL is refused.
        using var withHeader = await reader.Client.Http.GetAsync($"/tasks?token={reader.Secret}", Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, withHeader.StatusCode);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_listed_without_its_secret_and_revoked_at_once()
    {
        using var created = await fixture.CreateKeyAsync(Tenant, "reader", "listed key");
        using var list = await fixture.Admin.Http.GetAsync($"/admin/keys?tenant={Tenant}", Cancellation);
        var listed = await list.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains(created.Id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret[5..], listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await created.Client.Http.GetAsync("/tasks", Cancellation)).StatusCode);
        using var revoke = await fixture.Admin.Http.DeleteAsync($"/admin/keys/{created.Id}", Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await created.Client.Http.GetAsync("/tasks", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.Http.DeleteAsync($"/admin/keys/{created.Id}", Cancellation)).StatusCode);
    }
}
