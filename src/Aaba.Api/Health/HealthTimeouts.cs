namespace Aaba.Api.Health;

/// <summary>A readiness probe answers within this, whatever is down.</summary>
internal static class HealthTimeouts
{
    public static readonly TimeSpan Probe = TimeSpan.FromSeconds(2);
}
