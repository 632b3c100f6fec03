using System.Net;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Security;

/// <summary>Per-key request rates, event streams per key and tasks in flight per tenant: past each, 429 with Retry-After.</summary>
[Collection(SecurityCollection.Name)]
public sealed class LimitsTests(SecurityFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_Retry_After_and_other_keys_are_not_slowed()
    {
        using var busy = await fixture.CreateKeyAsync("rates", "reader");
        using var calm = await fixture.CreateKeyAsync("rates", "reader");
        var responses = await Task.WhenAll(Enumerable.Range(0, SecurityFixture.Burst + 40).Select(_ => busy.Client.Http.GetAsync("/agents", Cancellation)));
        try
        {
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)r.StatusCode}"));
            var first = limited[0];
            Assert.True(first.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After must say how long to wait.");
            Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, (await calm.Client.Http.GetAsync("/agents", Cancellation)).StatusCode);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_key_may_hold_only_so_many_event_streams_open()
    {
        using var watcher = await fixture.CreateKeyAsync("streams", "operator");
        var id = await watcher.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":20000}""");
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < SecurityFixture.MaxEventStreams; i++)
            {
                var stream = await watcher.Client.Http.GetAsync($"/agents/status/{id}/events", HttpCompletionOption.ResponseHeadersRead, Cancellation);
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                open.Add(stream);
            }
            using var refused = await watcher.Client.Http.GetAsync($"/agents/status/{id}/events", HttpCompletionOption.ResponseHeadersRead, Cancellation);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);

            // Closing one frees its place.
            open[0].Dispose();
            open.RemoveAt(0);
            await Eventually.UntilAsync(async () =>
            {
                var again = await watcher.Client.Http.GetAsync($"/agents/status/{id}/events", HttpCompletionOption.ResponseHeadersRead, Cancellation);
                if (again.StatusCode == HttpStatusCode.OK)
                {
                    open.Add(again);
                    return true;
                }
                again.Dispose();
                return false;
            }, "a stream place to free up", TimeSpan.FromSeconds(10));
        }
        finally
        {
            open.ForEach(s => s.Dispose());
            await watcher.Client.Http.PostAsync($"/agents/status/{id}/cancel", null, Cancellation);
        }
    }

    [Fact]
    public async Task A_tenant_at_its_limit_of_tasks_in_flight_gets_429_until_one_finishes()
    {
        var capped = await fixture.KeyAsync(SecurityFixture.CappedTenant, "operator");
        var held = new List<string>();
        for (var i = 0; i < SecurityFixture.CappedTasks; i++)
        {
            held.Add(await capped.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":30000}"""));
        }
        using (var over = await capped.Client.PostJsonAsync("/agents/add/run", """{"x":1,"y":1}"""))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
            Assert.NotNull(over.Headers.RetryAfter?.Delta);
            Assert.Contains("tasks queued or running", await over.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
        // Another tenant is not held back by this one's tasks.
        var other = await fixture.KeyAsync("uncapped", "operator");
        await other.Client.RunAsync("add", """{"x":1,"y":1}""");

        using var cancel = await capped.Client.Http.PostAsync($"/agents/status/{held[0]}/cancel", null, Cancellation);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var next = await capped.Client.RunAsync("add", """{"x":1,"y":1}""");
        await capped.Client.WaitForTerminalAsync(next);
        (await capped.Client.Http.PostAsync($"/agents/status/{held[1]}/cancel", null, Cancellation)).Dispose();
    }
}
