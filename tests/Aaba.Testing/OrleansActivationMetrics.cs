using System.Globalization;

namespace Aaba.Testing;

/// <summary>
/// Live grain activations per grain type, read from outside the process through <c>GET /metrics</c>: the Orleans
/// meter's <c>orleans-catalog-activations</c> gauge, exported as <c>orleans_catalog_activations{grain_type="…"}</c>.
/// It is observed from the silo's catalog at each scrape (the activations that exist now, per grain type), it is the
/// series the Grafana board already charts (so a rename breaks a board test too), and it needs no extra grain: the
/// dashboard's data endpoint would answer the same question through the management grain, in a JSON shape that is
/// the dashboard's own and may change with it.
/// </summary>
public sealed class OrleansActivationMetrics(HttpClient http)
{
    public const string TaskGrainType = "task";
    public const string IdempotencyGrainType = "idempotency";
    private const string Series = "orleans_catalog_activations{";

    /// <summary>Activations per grain type, as the silo reports them now.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync()
    {
        var text = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(Series, StringComparison.Ordinal) || GrainType(line) is not { } grainType)
            {
                continue;
            }
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            counts[grainType] = counts.GetValueOrDefault(grainType) + (long)value;
        }
        return counts;
    }

    private static string? GrainType(string line)
    {
        const string Label = "grain_type=\"";
        var start = line.IndexOf(Label, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += Label.Length;
        var end = line.IndexOf('"', start);
        return end < 0 ? null : line[start..end];
    }
}
