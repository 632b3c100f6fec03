using System.Globalization;
using Aaba.Abstractions.Agents.Lead;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// Turns the model's picks into the result: each pick is looked up in the run's <see cref="LeadLedger"/> and the lead
/// is rebuilt from the tool result, so a title, board, budget, skill, date or description can never come from the
/// model. Picks no tool returned, repeats, picks from boards the query excluded and picks beyond the limit are listed
/// in <see cref="GroundedAnswer.Dropped"/> with their reason.
/// </summary>
public static class LeadGrounding
{
    public static GroundedAnswer Ground(LeadAnswer answer, LeadQuery query, LeadLedger ledger)
    {
        var kept = new List<LlmLead>();
        var dropped = new List<DroppedLead>();
        var keptUrls = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pick in answer.Leads)
        {
            var lead = ledger.Find(pick.Url, pick.Id);
            if (lead is null)
            {
                dropped.Add(new DroppedLead(pick.Url ?? pick.Id!, null, DroppedLeadReasons.Invented,
                    "No tool returned this lead during the run; the model made it up or changed its URL."));
            }
            else if (!query.Sources.IsDefaultOrEmpty && !query.Sources.Contains(lead.Source))
            {
                dropped.Add(new DroppedLead(lead.Url, lead.Title, DroppedLeadReasons.OtherSource,
                    $"The lead is on {lead.Source}; the query asked only for {string.Join(", ", query.Sources)}."));
            }
            else if (!keptUrls.Add(lead.Url))
            {
                dropped.Add(new DroppedLead(lead.Url, lead.Title, DroppedLeadReasons.Duplicate,
                    "The model named this lead more than once; its first mention is kept."));
            }
            else if (kept.Count >= query.Limit)
            {
                dropped.Add(new DroppedLead(lead.Url, lead.Title, DroppedLeadReasons.OverLimit,
                    $"The query asked for at most {query.Limit} lead(s)."));
            }
            else
            {
                kept.Add(lead.ToLlmLead(pick));
            }
        }
        var invented = dropped.Count(d => d.Reason == DroppedLeadReasons.Invented);
        var grounded = ledger.Consulted && (answer.Leads.Count == 0 || invented < answer.Leads.Count);
        return new GroundedAnswer(kept, dropped, Summarize(answer, query, kept, dropped), grounded);
    }

    /// <summary>
    /// The model's summary when the result holds exactly the leads it named; otherwise it may describe a lead the user
    /// will not see, so Aaba writes one from the kept leads' own titles.
    /// </summary>
    private static string Summarize(LeadAnswer answer, LeadQuery query, IReadOnlyList<LlmLead> kept, IReadOnlyList<DroppedLead> dropped)
    {
        if (dropped.Count == 0 && answer.Summary.Length > 0)
        {
            return answer.Summary;
        }
        var found = kept.Count == 0
            ? $"No lead for '{query.Query}' is kept."
            : string.Create(CultureInfo.InvariantCulture,
                $"{kept.Count} lead(s) for '{query.Query}': {string.Join("; ", kept.Select(l => $"{l.Title} ({l.Source})"))}.");
        return dropped.Count == 0 ? found : $"{found} {dropped.Count} other lead(s) the model named were left out (see dropped_leads).";
    }
}
