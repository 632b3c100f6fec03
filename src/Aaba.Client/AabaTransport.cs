namespace Aaba.Client;

/// <summary>How an <see cref="IAabaClient"/> reaches Aaba.</summary>
public enum AabaTransport
{
    /// <summary>The REST API over HTTP, with an API key when one is set.</summary>
    Http,

    /// <summary>An Orleans cluster client in this process, joining the cluster through its Redis membership table: no HTTP.</summary>
    Cluster,
}
