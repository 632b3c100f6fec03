namespace Aaba.Api.Security;

/// <summary>Whether requests need an API key.</summary>
public enum AuthMode
{
    /// <summary>Keys when a bootstrap key is configured; otherwise open in embedded mode (loudly) and refuse to start in cluster mode.</summary>
    Auto,

    /// <summary>Every request needs a key (the bootstrap key, or one created with it and stored in Redis).</summary>
    Keys,

    /// <summary>No keys: every request acts as an admin of the default tenant, with no rate limits. For a laptop or a benchmark only.</summary>
    Open,
}
