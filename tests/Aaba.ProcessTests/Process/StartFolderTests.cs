using Aaba.Testing;

namespace Aaba.ProcessTests.Process;

/// <summary>
/// A service manager starts Aaba from a folder of its own choosing (a script's, a unit's WorkingDirectory, systemd's
/// default of /), not from the program's folder. The settings that ship beside the program must apply all the same:
/// read from the start folder, they were missing, so every request wrote eight log lines at Information (a cluster
/// API spent 14% of its CPU in the console logger, profiled) and the settings' file watcher followed every write
/// beneath that folder.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StartFolderTests
{
    [Fact]
    public async Task Started_from_another_folder_it_applies_the_settings_beside_the_program()
    {
        await using var aaba = await EmbeddedAabaProcess.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await aaba.Client.WaitForTerminalAsync(await aaba.Client.RunAsync("add", $$"""{"x":{{i}},"y":1}"""));
        }
        await aaba.Current.StopAsync();

        var requestLogs = aaba.Logs(1_000, entry => entry.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal));
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", requestLogs, StringComparison.Ordinal);
        Assert.Contains("Aaba is ready", aaba.Logs(1_000), StringComparison.Ordinal);
    }
}
