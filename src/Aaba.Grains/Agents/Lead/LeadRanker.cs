using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Aaba.Grains.Agents.Lead;

/// <summary>
/// Deterministic relevance: each query term scores 3 on an exact skill, 2 in the title, 1 in the description.
/// Ties go to the newer lead, then to the lower id, so the same query always gives the same order.
/// </summary>
public static class LeadRanker
{
    private const int SkillWeight = 3;
    private const int TitleWeight = 2;
    private const int DescriptionWeight = 1;

    public static IReadOnlyList<RankedLead> Rank(IEnumerable<Lead> leads, LeadQuery query)
    {
        var terms = Terms(query.Query);
        return leads
            .Where(lead => query.Sources.IsDefaultOrEmpty || query.Sources.Contains(lead.Source))
            .Select(lead => new RankedLead(lead, Score(lead, terms)))
            .Where(ranked => ranked.Score > 0)
            .OrderByDescending(ranked => ranked.Score)
            .ThenByDescending(ranked => ranked.Lead.PostedAt)
            .ThenBy(ranked => ranked.Lead.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToList();
    }

    /// <summary>Lower-case words; keeps '#', '+' and inner '.' so "c#", "c++" and "node.js" survive.</summary>
    public static ImmutableArray<string> Terms(string text)
    {
        var terms = ImmutableArray.CreateBuilder<string>();
        foreach (var raw in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var term = raw.Trim('.', '-');
            if (term == "net" && raw.StartsWith('.'))
            {
                term = ".net";
            }
            if (term.Length > 0 && !terms.Contains(term))
            {
                terms.Add(term);
            }
        }
        return terms.ToImmutable();
    }

    private static readonly char[] Separators = [' ', '\t', '\n', '\r', ',', ';', ':', '/', '(', ')', '[', ']', '!', '?', '"', '\''];

    /// <summary>
    /// Each lead's words, split once per lead object rather than once per query (the catalogue's leads live as long
    /// as the process, a feed's as long as its cache), and dropped with the lead.
    /// </summary>
    private static readonly ConditionalWeakTable<Lead, LeadWords> Words = new();

    private sealed class LeadWords(Lead lead)
    {
        public HashSet<string> Title { get; } = [.. Terms(lead.Title)];

        public HashSet<string> Description { get; } = [.. Terms(lead.Description)];
    }

    private static int Score(Lead lead, ImmutableArray<string> terms)
    {
        var words = Words.GetValue(lead, static lead => new LeadWords(lead));
        var (title, description) = (words.Title, words.Description);
        var score = 0;
        foreach (var term in terms)
        {
            if (lead.Skills.Contains(term, StringComparer.Ordinal))
            {
                score += SkillWeight;
            }
            if (title.Contains(term))
            {
                score += TitleWeight;
            }
            if (description.Contains(term))
            {
                score += DescriptionWeight;
            }
        }
        return score;
    }
}
