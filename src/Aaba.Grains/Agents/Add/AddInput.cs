using System.Collections.Immutable;

namespace Aaba.Grains.Agents.Add;

/// <summary>The add agent's input, once validated.</summary>
public sealed record AddInput(double X, double Y, int DelayMs)
{
    /// <summary>Parses and validates; returns the problems (empty when <paramref name="input"/> is set).</summary>
    public static ImmutableDictionary<string, string[]> Read(string json, out AddInput? input)
    {
        var reader = new AgentInputReader(json);
        var x = reader.Number("x", required: true);
        var y = reader.Number("y", required: true);
        var delay = reader.Integer("delay_ms", required: false, 0, AddAgentKind.MaxDelayMs);
        reader.RejectUnknownFields("x", "y", "delay_ms");
        if (x is { } a && y is { } b && !double.IsFinite(a + b))
        {
            reader.AddError("y", "x + y must be a finite number.");
        }
        input = reader.IsValid ? new AddInput(x!.Value, y!.Value, delay ?? 0) : null;
        return reader.Errors;
    }
}
