using System.ComponentModel.DataAnnotations;

namespace Aaba.Grains.Storage;

/// <summary>Where Redis is. In embedded mode the host fills this in with the in-process Garnet server's address.</summary>
public sealed class RedisConnectionOptions
{
    public const string Section = "Aaba:Redis";

    /// <summary>A StackExchange.Redis connection string, e.g. <c>localhost:6379</c>. Empty means embedded mode.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "";
}
