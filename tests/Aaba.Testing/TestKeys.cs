using System.Security.Cryptography;

namespace Aaba.Testing;

/// <summary>API keys for tests.</summary>
public static class TestKeys
{
    /// <summary>A bootstrap admin key of the required shape (<c>aaba_</c> and 64 hex digits), new each time.</summary>
    public static string NewBootstrapKey() => "aaba_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
