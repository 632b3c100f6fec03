using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Console;

/// <summary>In the open embedded mode the console needs no sign-in and says it is open.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConsoleOpenModeTests(ApiFixture fixture)
{
    [Fact]
    public async Task In_open_mode_the_console_acts_as_the_open_admin_without_a_cookie()
    {
        using var session = JsonDocument.Parse(await fixture.Client.Http.GetStringAsync("/console/api/session", TestContext.Current.CancellationToken));

        Assert.True(session.RootElement.GetProperty("open").GetBoolean());
        Assert.Equal("admin", session.RootElement.GetProperty("role").GetString());
        Assert.Equal("open", session.RootElement.GetProperty("via").GetString());
    }
}
