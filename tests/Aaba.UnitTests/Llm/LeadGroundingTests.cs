using Aaba.Grains.Agents.Lead;
using Aaba.Grains.Agents.Lead.Llm;
using DroppedLeadReasons = Aaba.Abstractions.Agents.Lead.DroppedLeadReasons;

namespace Aaba.UnitTests.Llm;

public sealed class LeadGroundingTests
{
    private static readonly IReadOnlyList<Lead> Catalogue = new CatalogueLeadSource().Leads;
    private static readonly Lead A = Catalogue[0];
    private static readonly Lead B = Catalogue[1];
    private static readonly Lead C = Catalogue[2];

    private static LeadLedger Ledger(params Lead[] leads)
    {
        var ledger = new LeadLedger();
        foreach (var lead in leads)
        {
            ledger.Add(lead);
        }
        ledger.MarkConsulted();
        return ledger;
    }

    private static LeadQuery Query(int limit = 10, params string[] sources) => new("python", [.. sources], limit);

    private static LeadPick Pick(Lead lead, double score = 80) => new(lead.Url, null, score, "why");

    [Fact]
    public void Facts_come_from_the_ledger_and_judgement_from_the_model()
    {
        var answer = new LeadAnswer([new LeadPick(A.Url.ToUpperInvariant() + "/", null, 77, "Because.")], "One lead.");

        var grounded = LeadGrounding.Ground(answer, Query(), Ledger(A));

        var lead = Assert.Single(grounded.Leads);
        Assert.Equal((A.Id, A.Title, A.Source, A.Url, A.Budget, A.Description), (lead.Id, lead.Title, lead.Source, lead.Url, lead.Budget, lead.Description));
        Assert.Equal((77d, "Because."), (lead.FitScore, lead.Reason));
        Assert.Equal("One lead.", grounded.Summary);
        Assert.True(grounded.Grounded);
    }

    [Fact]
    public void A_pick_by_id_is_grounded_too()
    {
        var grounded = LeadGrounding.Ground(new LeadAnswer([new LeadPick(null, A.Id, 50, null)], "s"), Query(), Ledger(A));

        Assert.Equal(A.Url, Assert.Single(grounded.Leads).Url);
    }

    [Fact]
    public void Invented_duplicate_other_board_and_over_limit_picks_are_dropped_in_order_with_their_reason()
    {
        // A is on upwork, B on freelancer, C on linkedin; the query takes one lead from upwork or freelancer.
        Assert.Equal(["upwork", "freelancer", "linkedin"], new[] { A, B, C }.Select(l => l.Source));
        var answer = new LeadAnswer(
            [Pick(A), new LeadPick("https://invented", null, 99, "x"), Pick(A), Pick(B), Pick(C)], "A, an invented one, B and C.");

        var grounded = LeadGrounding.Ground(answer, Query(1, "upwork", "freelancer"), Ledger(A, B, C));

        Assert.Equal([A.Url], grounded.Leads.Select(l => l.Url));
        Assert.Equal(
            [("https://invented", DroppedLeadReasons.Invented), (A.Url, DroppedLeadReasons.Duplicate),
             (B.Url, DroppedLeadReasons.OverLimit), (C.Url, DroppedLeadReasons.OtherSource)],
            grounded.Dropped.Select(d => (d.Url, d.Reason)));
        Assert.Equal([null, A.Title, B.Title, C.Title], grounded.Dropped.Select(d => d.Title));
        Assert.DoesNotContain("invented", grounded.Summary, StringComparison.Ordinal);
        Assert.Contains(A.Title, grounded.Summary, StringComparison.Ordinal);
        Assert.True(grounded.Grounded);
    }

    [Fact]
    public void An_answer_whose_every_pick_is_invented_is_not_grounded()
    {
        var grounded = LeadGrounding.Ground(new LeadAnswer([new LeadPick("https://invented", null, 90, "x")], "Great lead."), Query(), Ledger(A));

        Assert.False(grounded.Grounded);
        Assert.Empty(grounded.Leads);
    }

    [Fact]
    public void An_answer_from_a_run_that_consulted_no_tool_is_not_grounded_even_when_empty()
    {
        var grounded = LeadGrounding.Ground(new LeadAnswer([], "Nothing."), Query(), new LeadLedger());

        Assert.False(grounded.Grounded);
    }

    [Fact]
    public void An_empty_answer_after_a_search_is_grounded_and_keeps_the_models_summary()
    {
        var grounded = LeadGrounding.Ground(new LeadAnswer([], "Nothing fits."), Query(), Ledger());

        Assert.True(grounded.Grounded);
        Assert.Equal("Nothing fits.", grounded.Summary);
    }

    [Fact]
    public void The_ledger_is_keyed_case_insensitively_and_ignores_a_trailing_slash()
    {
        var ledger = Ledger(A);

        Assert.Same(A, ledger.Find(" " + A.Url.ToUpperInvariant() + "/ ", null));
        Assert.Null(ledger.Find("https://elsewhere", null));
    }
}
