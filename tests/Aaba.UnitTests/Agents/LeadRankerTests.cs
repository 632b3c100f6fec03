using Aaba.Grains.Agents.Lead;
using LeadBudget = Aaba.Abstractions.Agents.Lead.LeadBudget;

namespace Aaba.UnitTests.Agents;

public sealed class LeadRankerTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static Lead NewLead(
        string id, string title = "Website work", string source = LeadSources.Upwork, string[]? skills = null,
        string description = "A small job.", DateTimeOffset? postedAt = null) =>
        new(id, title, source, $"https://example.com/jobs/{id}", new LeadBudget(100, 500, "USD", "fixed"),
            [.. skills ?? []], postedAt ?? Monday, description, "US");

    private static LeadQuery Query(string text, int limit = 10, params string[] sources) => new(text, [.. sources], limit);

    [Fact]
    public void Each_term_scores_three_on_a_skill_two_in_the_title_and_one_in_the_description()
    {
        Lead[] leads =
        [
            NewLead("skill", skills: ["python"]),
            NewLead("title", title: "Python scraper"),
            NewLead("description", description: "We use Python here."),
            NewLead("all", title: "Python API", skills: ["python", "django"], description: "Python and Django."),
            NewLead("none", title: "Logo design", skills: ["figma"]),
        ];

        var ranked = LeadRanker.Rank(leads, Query("python django"));

        Assert.Equal(
            [("all", 3 + 2 + 1 + 3 + 1), ("skill", 3), ("title", 2), ("description", 1)],
            ranked.Select(r => (r.Lead.Id, r.Score)));
    }

    [Fact]
    public void Ties_go_to_the_newer_lead_then_to_the_lower_id()
    {
        Lead[] leads =
        [
            NewLead("b", skills: ["go"], postedAt: Monday),
            NewLead("c", skills: ["go"], postedAt: Monday.AddDays(1)),
            NewLead("a", skills: ["go"], postedAt: Monday),
            NewLead("d", title: "Go service", postedAt: Monday.AddDays(5)),
        ];

        var ranked = LeadRanker.Rank(leads, Query("go"));

        Assert.Equal(["c", "a", "b", "d"], ranked.Select(r => r.Lead.Id));
    }

    [Fact]
    public void Ranking_is_deterministic_whatever_the_input_order()
    {
        var leads = Enumerable.Range(0, 40)
            .Select(i => NewLead($"lead-{i:D2}", skills: i % 3 == 0 ? ["rust"] : [], title: i % 2 == 0 ? "Rust CLI" : "CLI tool",
                description: i % 5 == 0 ? "rust" : "tool", postedAt: Monday.AddHours(i % 4)))
            .ToList();
        var expected = LeadRanker.Rank(leads, Query("rust", limit: 50)).Select(r => r.Lead.Id).ToList();

        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            var shuffled = leads.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(expected, LeadRanker.Rank(shuffled, Query("rust", limit: 50)).Select(r => r.Lead.Id));
        }
        Assert.Equal(30, expected.Count);
    }

    [Fact]
    public void Leads_that_match_no_term_are_left_out()
    {
        var ranked = LeadRanker.Rank([NewLead("a", title: "Logo design"), NewLead("b", skills: ["figma"])], Query("kotlin"));

        Assert.Empty(ranked);
    }

    [Fact]
    public void Sources_keep_only_leads_from_those_boards()
    {
        Lead[] leads =
        [
            NewLead("u", source: LeadSources.Upwork, skills: ["java"]),
            NewLead("f", source: LeadSources.Freelancer, skills: ["java"]),
            NewLead("l", source: LeadSources.LinkedIn, skills: ["java"]),
        ];

        Assert.Equal(["f"], LeadRanker.Rank(leads, Query("java", 10, LeadSources.Freelancer)).Select(r => r.Lead.Id));
        Assert.Equal(["l", "u"], LeadRanker.Rank(leads, Query("java", 10, LeadSources.LinkedIn, LeadSources.Upwork)).Select(r => r.Lead.Id));
        Assert.Equal(["f", "l", "u"], LeadRanker.Rank(leads, Query("java")).Select(r => r.Lead.Id));
    }

    [Fact]
    public void Limit_keeps_only_the_best()
    {
        var leads = Enumerable.Range(1, 20).Select(i => NewLead($"id-{i:D2}", skills: ["sql"], postedAt: Monday.AddMinutes(i))).ToList();

        var ranked = LeadRanker.Rank(leads, Query("sql", limit: 3));

        Assert.Equal(["id-20", "id-19", "id-18"], ranked.Select(r => r.Lead.Id));
    }

    [Theory]
    [InlineData("C#, .NET and Node.js", new[] { "c#", ".net", "and", "node.js" })]
    [InlineData("c++ / Python (Django)!", new[] { "c++", "python", "django" })]
    [InlineData("  react   React  REACT ", new[] { "react" })]
    [InlineData("asp.net-core.", new[] { "asp.net-core" })]
    [InlineData("", new string[0])]
    public void Terms_are_lower_case_distinct_words_that_keep_hash_plus_and_inner_dots(string text, string[] expected)
    {
        Assert.Equal(expected, LeadRanker.Terms(text));
    }

    [Fact]
    public void Dotted_and_hashed_terms_match_skills()
    {
        Lead[] leads =
        [
            NewLead("dotnet", skills: [".net", "c#"]),
            NewLead("node", skills: ["node.js"]),
            NewLead("c", skills: ["c"]),
        ];

        Assert.Equal([("dotnet", 6)], LeadRanker.Rank(leads, Query("C# .NET")).Select(r => (r.Lead.Id, r.Score)));
        Assert.Equal(["node"], LeadRanker.Rank(leads, Query("Node.js")).Select(r => r.Lead.Id));
    }
}
