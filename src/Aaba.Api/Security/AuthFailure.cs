namespace Aaba.Api.Security;

/// <summary>Why a presented key was not accepted.</summary>
internal enum AuthFailure
{
    /// <summary>A key was in the query string.</summary>
    KeyInQuery,

    /// <summary>Two different keys in two headers.</summary>
    Conflicting,

    /// <summary>Not a key, or no such key (never created, or revoked).</summary>
    Unknown,

    /// <summary>A change signed in only by the console's cookie, without the console's header: possibly another site's form.</summary>
    CrossSite,
}
