using System.Text.Json;
using Aaba.Abstractions.Http;

namespace Aaba.Abstractions.Agents.Lead;

/// <summary>Reads a lead task's result in whichever mode produced it.</summary>
public static class LeadResults
{
    /// <summary>The result <paramref name="resultJson"/> holds, by its <c>mode</c>.</summary>
    /// <exception cref="JsonException">It is not a lead result.</exception>
    public static ILeadResult Parse(string resultJson)
    {
        using var document = JsonDocument.Parse(resultJson);
        var mode = document.RootElement.TryGetProperty("mode", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        ILeadResult? result = mode switch
        {
            OfflineLeadResult.OfflineMode => document.Deserialize<OfflineLeadResult>(AabaWireJson.Options),
            LlmLeadResult.LlmMode => document.Deserialize<LlmLeadResult>(AabaWireJson.Options),
            _ => throw new JsonException($"Not a lead result (mode '{mode}')."),
        };
        return result ?? throw new JsonException("Not a lead result (null).");
    }
}
