namespace Aaba.Grains.Net;

/// <summary>A fetch the URL guard refused (a private address, a bad scheme, too many redirects…), or that failed; the message says why, never a secret.</summary>
public sealed class FetchRefusedException(string message, bool refused) : Exception(message)
{
    /// <summary>True when Aaba refused it (the guard); false when the server or the network failed.</summary>
    public bool Refused { get; } = refused;
}
