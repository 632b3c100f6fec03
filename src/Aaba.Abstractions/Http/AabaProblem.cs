using System.Text.Json;
using System.Text.Json.Serialization;
using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>
/// An error as the HTTP API writes it: RFC 9457 <c>application/problem+json</c>, with <see cref="Errors"/> per field
/// for invalid input and, when a submission's outcome is unknown, the <see cref="TaskId"/> it would have.
/// </summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Title">A short, stable summary of the kind of problem (e.g. <c>Unknown agent</c>).</param>
/// <param name="Detail">What went wrong this time, and what to do.</param>
public sealed record AabaProblem(int? Status, string? Title, string? Detail)
{
    /// <summary>A URI naming the kind of problem.</summary>
    public string? Type { get; init; }

    /// <summary>The request the problem is about.</summary>
    public string? Instance { get; init; }

    /// <summary>Problems by field (JSON name, or a header such as <c>Idempotency-Key</c>).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The task a submission created, if it did (with "Outcome unknown").</summary>
    public TaskId? TaskId { get; init; }

    /// <summary>Where to read <see cref="TaskId"/>.</summary>
    public string? StatusUrl { get; init; }

    /// <summary>The request's trace, for the server's logs and traces.</summary>
    public string? TraceId { get; init; }

    /// <summary>Any other members of the problem document.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extensions { get; init; }
}
