using System.Net;
using Aaba.IntegrationTests.Client;

namespace Aaba.IntegrationTests.Observability;

/// <summary>An embedded host started with <c>Aaba:Dashboard:Enabled=false</c> (the client tests' host).</summary>
[Collection(ClientCollection.Name)]
public sealed class DashboardOffTests(ClientFixture fixture)
{
    [Fact]
    public async Task Without_the_orleans_dashboard_there_is_no_dashboard_route_and_tasks_still_run()
    {
        using var api = fixture.Api.CreateAabaClient();
        using var page = await api.Http.GetAsync("/dashboard", TestContext.Current.CancellationToken);
        var id = await api.RunAsync("add", """{"x":2,"y":3}""");
        var task = await api.WaitForTerminalAsync(id);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(5, task.GetProperty("result").GetProperty("sum").GetInt32());
    }
}
