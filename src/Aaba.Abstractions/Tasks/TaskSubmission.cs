using Aaba.Abstractions.Security;

namespace Aaba.Abstractions.Tasks;

/// <summary>
/// What a client asked for: which agent, with which input (a JSON object, as text), and optionally how long the
/// run may take (instead of the agent's default). The task belongs to <c>Tenant</c> (the tenant of the API key that
/// asked), and so do its events, transcript and idempotency key. A pipeline's step names its parent task
/// (<c>ParentId</c>); a <c>CallbackUrl</c> hears the task's end (a signed POST).
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.task-submission")]
public sealed record TaskSubmission(
    [property: Id(0)] string Agent,
    [property: Id(1)] string InputJson,
    [property: Id(2)] TimeSpan? Timeout = null,
    [property: Id(3)] TenantId Tenant = default,
    [property: Id(4)] TaskId? ParentId = null,
    [property: Id(5)] string? CallbackUrl = null)
{
    /// <summary>The longest run a request may ask for.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// An input object as every front end stores it: re-serialized compactly, so equal inputs are equal strings (and
    /// the same request sent over HTTP or in process has the same idempotency fingerprint).
    /// </summary>
    public static string NormalizeInput(System.Text.Json.JsonElement input) => System.Text.Json.JsonSerializer.Serialize(input);
}
