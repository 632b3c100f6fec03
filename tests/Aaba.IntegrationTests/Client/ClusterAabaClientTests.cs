using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Client;

namespace Aaba.IntegrationTests.Client;

/// <summary>The client cases over an in-process Orleans cluster client that joined the embedded silo through Redis.</summary>
[Collection(ClientCollection.Name)]
public sealed class ClusterAabaClientTests(ClientFixture fixture) : AabaClientTests(fixture)
{
    protected override IAabaClient Client => Fixture.Cluster;

    [Fact]
    public async Task An_idempotency_key_means_the_same_over_http_and_in_process()
    {
        var options = new RunOptions { IdempotencyKey = $"both-{Guid.NewGuid():N}" };
        var input = new JsonObject { ["x"] = 7, ["y"] = 8, ["note"] = "héllo + <b>" };

        var overHttp = await Assert.ThrowsAsync<AabaValidationException>(() => Fixture.Http.RunAsync(AabaKeys.AddAgent, input, options, TestContext.Current.CancellationToken));
        var inProcess = await Assert.ThrowsAsync<AabaValidationException>(() => Fixture.Cluster.RunAsync(AabaKeys.AddAgent, input, options, TestContext.Current.CancellationToken));
        input.Remove("note");
        input["delay_ms"] = 0;
        var first = await Fixture.Http.RunAsync(AabaKeys.AddAgent, input, options, TestContext.Current.CancellationToken);
        var second = await Fixture.Cluster.RunAsync(AabaKeys.AddAgent, input, options, TestContext.Current.CancellationToken);

        Assert.Equal(
            (overHttp.StatusCode, overHttp.Problem.Title, overHttp.Problem.Detail, string.Join(",", overHttp.Errors.Keys.Order())),
            (inProcess.StatusCode, inProcess.Problem.Title, inProcess.Problem.Detail, string.Join(",", inProcess.Errors.Keys.Order())));
        Assert.Equal(first.TaskId, second.TaskId);
        Assert.True(second.Replayed);
    }
}
