using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Tests.Infrastructure;

namespace Aaba.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class AgentCatalogCacheTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Submitting_many_tasks_does_not_call_the_orchestrator_per_task()
    {
        const int Tasks = 200;
        var before = fixture.CallsTo<IOrchestratorGrain>();

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(i =>
            fixture.Grains.GetTaskGrain(TaskId.New(TimeProvider.System))
                .StartAsync(new TaskSubmission(AabaKeys.AddAgent, $$"""{"x":{{i}},"y":1}"""))));
        var orchestratorCalls = fixture.CallsTo<IOrchestratorGrain>() - before;

        // Each silo fetches the catalog at most once per refresh period (plus a refresh that may fall due mid-test);
        // 200 tasks through the single registry activation would show up here as 200+.
        Assert.InRange(orchestratorCalls, 0, 2 * fixture.Cluster.GetActiveSilos().Count());
        Assert.True(fixture.CallsTo<ITaskGrain>() >= Tasks);
    }
}
