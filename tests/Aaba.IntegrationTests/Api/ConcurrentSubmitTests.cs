using System.Collections.Concurrent;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Api;

[Collection(ApiCollection.Name)]
public sealed class ConcurrentSubmitTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_thousand_concurrent_submissions_all_succeed_once_with_their_own_result()
    {
        const int Tasks = 1000;
        var submitted = new ConcurrentDictionary<int, string>();

        await Parallel.ForEachAsync(
            Enumerable.Range(0, Tasks),
            new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = TestContext.Current.CancellationToken },
            async (i, _) => submitted[i] = await fixture.Client.RunAsync("add", $$"""{"x":{{i}},"y":0.5}"""));

        Assert.Equal(Tasks, submitted.Count);
        Assert.Equal(Tasks, submitted.Values.Distinct().Count());
        await Parallel.ForEachAsync(
            submitted,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = TestContext.Current.CancellationToken },
            async (pair, _) =>
            {
                var task = await fixture.Client.WaitForTerminalAsync(pair.Value, TimeSpan.FromSeconds(60));
                Assert.Equal("succeeded", task.GetProperty("status").GetString());
                Assert.Equal(pair.Key + 0.5, task.GetProperty("result").GetProperty("sum").GetDouble());
                Assert.Equal(1, task.GetProperty("attempts").GetInt32());
            });
    }
}
