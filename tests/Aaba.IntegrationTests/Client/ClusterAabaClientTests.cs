using System.Text.Json.Nodes;
using Aaba.Abstractions;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Security;
using Aaba.Client;
using Aaba.Client.Cluster;

namespace Aaba.IntegrationTests.Client;

/// <summary>The client cases over an in-process Orleans cluster client that joined the embedded silo through Redis.</summary>
[Collection(ClientCollection.Name)]
public sealed class ClusterAabaClientTests(ClientFixture fixture) : AabaClientTests(fixture)
{
    protected override IAabaClient Client => Fixture.Cluster;

    [Fact]
    public async Task A_cluster_client_does_only_what_its_role_allows()
    {
        var operatorClient = new ClusterAabaClient(Fixture.ClusterGrains, TimeProvider.System, TenantId.Default, ApiRole.Operator);
        var reader = new ClusterAabaClient(Fixture.ClusterGrains, TimeProvider.System, TenantId.Default, ApiRole.Reader);

        var register = await Assert.ThrowsAsync<AabaAccessDeniedException>(() => operatorClient.RegisterAgentAsync("never-registered", new AgentRequest("llm"), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<AabaAccessDeniedException>(() => operatorClient.RetireAgentAsync("never-registered", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<AabaAccessDeniedException>(() => reader.RunAsync(AabaKeys.AddAgent, new JsonObject { ["x"] = 1, ["y"] = 2 }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((403, "Forbidden"), (register.StatusCode, register.Problem.Title));
        Assert.Contains("role (operator) may not register agents", register.Message, StringComparison.Ordinal);
        Assert.Null(await operatorClient.GetAgentAsync("never-registered", TestContext.Current.CancellationToken));
        Assert.NotEmpty(await reader.GetAgentKindsAsync(TestContext.Current.CancellationToken));
    }

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
