using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Aaba.Grains.Agents.Enrich;

/// <summary>
/// A lead's budget as a USD range: from the lead's own <c>budget</c> ({min, max, currency, type}) or, failing that,
/// the first money range in its page's text ("$1,000 - $2,500", "€40–60/hr"). Rates are fixed (configurable per
/// agent): the point is comparable ranges, not accounting.
/// </summary>
public static partial class BudgetNormalizer
{
    public static readonly IReadOnlyDictionary<string, decimal> DefaultRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = 1m, ["EUR"] = 1.08m, ["GBP"] = 1.27m, ["CAD"] = 0.73m, ["AUD"] = 0.66m, ["CHF"] = 1.12m, ["INR"] = 0.012m,
    };

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal) { ["$"] = "USD", ["€"] = "EUR", ["£"] = "GBP" };

    /// <summary>The normalized budget, or null when neither the lead nor the text names one.</summary>
    public static JsonObject? Normalize(JsonObject lead, string? pageText, IReadOnlyDictionary<string, decimal> rates)
    {
        if (lead["budget"] is JsonObject budget && Number(budget["min"]) is { } min && Number(budget["max"]) is { } max)
        {
            var currency = budget["currency"]?.GetValue<string>() ?? "USD";
            var basis = budget["type"]?.GetValue<string>() is "hourly" ? "hourly" : "fixed";
            return Range(min, max, currency, basis, "lead", rates);
        }
        if (pageText is not null && MoneyRange().Match(pageText) is { Success: true } match)
        {
            var currency = Symbols[match.Groups["sym"].Value];
            var low = decimal.Parse(match.Groups["min"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var high = match.Groups["max"].Success
                ? decimal.Parse(match.Groups["max"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)
                : low;
            var basis = match.Groups["hourly"].Success ? "hourly" : "fixed";
            return Range(low, high, currency, basis, "page", rates);
        }
        return null;
    }

    private static JsonObject? Range(decimal min, decimal max, string currency, string basis, string source, IReadOnlyDictionary<string, decimal> rates)
    {
        if (!rates.TryGetValue(currency, out var rate))
        {
            return null;
        }
        if (max < min)
        {
            (min, max) = (max, min);
        }
        return new JsonObject
        {
            ["min"] = Math.Round(min * rate, 0),
            ["max"] = Math.Round(max * rate, 0),
            ["currency"] = "USD",
            ["basis"] = basis,
            ["source"] = source,
            ["original"] = $"{min.ToString(CultureInfo.InvariantCulture)}-{max.ToString(CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()} {basis}",
        };
    }

    private static decimal? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<decimal>(out var number) ? number : null;

    [GeneratedRegex(@"(?<sym>[$€£])\s?(?<min>\d{1,3}(?:,\d{3})*(?:\.\d+)?)(?:\s?(?:-|–|to)\s?[$€£]?\s?(?<max>\d{1,3}(?:,\d{3})*(?:\.\d+)?))?(?<hourly>\s?(?:/\s?h(?:ou)?r|per hour|an hour))?", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyRange();
}
