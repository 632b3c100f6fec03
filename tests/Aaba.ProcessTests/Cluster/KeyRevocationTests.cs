using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.ProcessTests.Cluster;

/// <summary>Keys across API processes: a key revoked on one stops working on another within a second; a cluster API will not start open by accident.</summary>
[Collection(ProcessCollection.Name)]
public sealed class KeyRevocationTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_revoked_on_one_api_process_is_refused_by_another_within_a_second_and_an_api_without_a_key_refuses_to_start()
    {
        await using var cluster = await ClusterTopology.StartAsync(silos: 1);
        using var other = await cluster.StartAnotherApiAsync();

        using var created = await cluster.Client.Http.PostAsJsonAsync("/admin/keys", new { name = "revoked soon", tenant = "acme", role = "reader" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancellation));
        var id = key.RootElement.GetProperty("id").GetString()!;
        using var user = ClusterTopology.AuthorizedHttp(other.Http.BaseAddress!.ToString(), key.RootElement.GetProperty("key").GetString());
        // The other process knows the key (and has it cached).
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/tasks", Cancellation)).StatusCode);
        }

        using var revoke = await cluster.Client.Http.DeleteAsync($"/admin/keys/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        var clock = Stopwatch.StartNew();
        while ((await user.GetAsync("/tasks", Cancellation)).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "The other API process still accepted the revoked key after a second.");
            await Task.Delay(10, Cancellation);
        }
        var took = clock.Elapsed;
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/tasks", Cancellation)).StatusCode);
        Measurements.Record($"KEYS revoked on one API process, refused by another {took.TotalMilliseconds:0} ms later");

        // Cluster mode with no bootstrap key and no explicit mode: the API refuses to start, and says why.
        var open = cluster.StartApiWithout("api-without-key", new());
        Assert.True(await open.WaitForExitAsync(TimeSpan.FromSeconds(60)), "An API without a key kept running in cluster mode.");
        Assert.NotEqual(0, open.ExitCode);
        Assert.Contains("Refusing to start a cluster API without keys", File.ReadAllText(open.LogPath), StringComparison.Ordinal);
    }
}
