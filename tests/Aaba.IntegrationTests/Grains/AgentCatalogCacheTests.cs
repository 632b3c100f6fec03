using System.Globalization;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Tasks;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class AgentCatalogCacheTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Submitting_many_tasks_does_not_call_the_orchestrator_per_task()
    {
        const int Tasks = 200;
        var orchestratorBefore = fixture.CallsTo<IOrchestratorGrain>();
        var tasksBefore = fixture.CallsTo<ITaskGrain>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(i =>
            fixture.Grains.GetTaskGrain(TaskId.New(TimeProvider.System))
                .StartAsync(new TaskSubmission(AabaKeys.AddAgent, $$"""{"x":{{i}},"y":1}"""))));
        var orchestratorCalls = fixture.CallsTo<IOrchestratorGrain>() - orchestratorBefore;

        // The submissions did reach the task grains, and each silo asked the registry at most once per refresh
        // period that elapsed (plus one already due) besides its watch's version checks (one per watch interval);
        // 200 tasks through the single registry activation would be 200+. The watch's share grows with the time the
        // submissions took, which on a loaded machine is a second or more.
        Assert.InRange(fixture.CallsTo<ITaskGrain>() - tasksBefore, Tasks, Tasks + 10);
        var refreshPeriods = 1 + (int)(clock.Elapsed / TimeSpan.FromSeconds(30));
        var watchChecks = 1 + (int)(clock.Elapsed / TimeSpan.Parse(ClusterFixture.AutomationSettings["Aaba:Agents:WatchInterval"]!, CultureInfo.InvariantCulture));
        Assert.InRange(orchestratorCalls, 0, (2 * refreshPeriods + watchChecks) * fixture.Cluster.GetActiveSilos().Count());
    }
}
