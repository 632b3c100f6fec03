using System.Collections.Immutable;

namespace Aaba.Grains.Agents.Add;

/// <summary>The add agent's input, once validated; its reading is also its schema (see <see cref="AgentInputReader"/>).</summary>
public sealed record AddInput(double X, double Y, int DelayMs)
{
    public const int MaxDelayMs = 60_000;

    /// <summary>The input's JSON Schema.</summary>
    public static string Schema { get; } = AgentInputReader.Describe(reader => Read(reader));

    /// <summary>Parses and validates; returns the problems (empty when <paramref name="input"/> is set).</summary>
    public static ImmutableDictionary<string, string[]> Read(string json, out AddInput? input)
    {
        var reader = new AgentInputReader(json);
        input = Read(reader);
        return reader.Errors;
    }

    private static AddInput? Read(AgentInputReader reader)
    {
        var x = reader.Number("x", required: true, "The first number.");
        var y = reader.Number("y", required: true, "The second number.");
        var delay = reader.Integer("delay_ms", required: false, 0, MaxDelayMs, "Hold the task running this long first (for tests and benchmarks).", 0);
        reader.RejectUnknownFields();
        if (x is { } a && y is { } b && !double.IsFinite(a + b))
        {
            reader.AddError("y", "x + y must be a finite number.");
        }
        return reader.IsValid ? new AddInput(x!.Value, y!.Value, delay ?? 0) : null;
    }
}
