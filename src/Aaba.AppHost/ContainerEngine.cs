using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Aaba.AppHost;

/// <summary>Whether a container engine (Docker, or Podman when <c>ASPIRE_CONTAINER_RUNTIME=podman</c>) answers.</summary>
internal static class ContainerEngine
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<bool> IsRunningAsync(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        // A client alone is not an engine: `docker --version` answers on a machine where nothing runs containers.
        if (ExecutablePath.Find(runtime) is not { } cli)
        {
            return false;
        }
        var start = new ProcessStartInfo(cli, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start);
        if (process is null)
        {
            return false;
        }
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }
}
