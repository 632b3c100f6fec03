using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// A lead tool as the chat pipeline sees it. It takes the arguments as JSON and validates them itself, so a bad
/// argument becomes an error message the model can act on, never an exception (which the function-invocation
/// middleware would count towards giving up).
/// </summary>
public sealed class LeadToolFunction(string name, string description, JsonElement schema, Func<string, CancellationToken, Task<string>> execute)
    : AIFunction
{
    /// <summary>
    /// The answer format is strict JSON schema, and the OpenAI adapter would apply that to the tools too; these keep
    /// optional parameters optional.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, object?> NotStrict = new Dictionary<string, object?> { ["strict"] = false };

    public override string Name => name;

    public override string Description => description;

    public override JsonElement JsonSchema => schema;

    public override IReadOnlyDictionary<string, object?> AdditionalProperties => NotStrict;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        await execute(JsonSerializer.Serialize(new Dictionary<string, object?>(arguments), AIJsonUtilities.DefaultOptions), cancellationToken);
}
