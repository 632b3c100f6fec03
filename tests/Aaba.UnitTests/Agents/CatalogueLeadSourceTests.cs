using Aaba.Grains.Agents.Lead;

namespace Aaba.UnitTests.Agents;

public sealed class CatalogueLeadSourceTests
{
    private static readonly CatalogueLeadSource Catalogue = new();

    [Fact]
    public void The_catalogue_holds_at_least_50_well_formed_leads()
    {
        var leads = Catalogue.Leads;

        Assert.True(leads.Count >= 50, $"The catalogue has only {leads.Count} leads.");
        Assert.Equal(leads.Count, leads.Select(lead => lead.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(leads.Count, leads.Select(lead => lead.Url).Distinct(StringComparer.Ordinal).Count());
        Assert.All(leads, lead =>
        {
            Assert.False(string.IsNullOrWhiteSpace(lead.Id));
            Assert.False(string.IsNullOrWhiteSpace(lead.Title));
            Assert.False(string.IsNullOrWhiteSpace(lead.Description));
            Assert.Contains(lead.Source, LeadSources.All);
            Assert.True(Uri.TryCreate(lead.Url, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps, $"{lead.Id}: bad url '{lead.Url}'");
            Assert.NotEqual(default, lead.PostedAt);
            Assert.False(lead.Skills.IsDefaultOrEmpty, $"{lead.Id} has no skills");
            Assert.All(lead.Skills, skill => Assert.Equal(skill.Trim().ToLowerInvariant(), skill));
            Assert.True(lead.Budget.Min >= 0 && lead.Budget.Min <= lead.Budget.Max, $"{lead.Id}: budget {lead.Budget}");
            Assert.False(string.IsNullOrWhiteSpace(lead.Budget.Currency));
            Assert.False(string.IsNullOrWhiteSpace(lead.Budget.Type));
        });
    }

    [Fact]
    public void Every_board_has_leads()
    {
        Assert.Equal(LeadSources.All.Order(StringComparer.Ordinal), Catalogue.Leads.Select(lead => lead.Source).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Searching_the_catalogue_ranks_python_leads_best_first_within_the_limit()
    {
        var query = new LeadQuery("python", [], 5);

        var found = await Catalogue.SearchAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal(5, found.Count);
        Assert.Equal(LeadRanker.Rank(Catalogue.Leads, query).Select(r => r.Lead.Id), found.Select(r => r.Lead.Id));
        Assert.All(found, ranked => Assert.True(ranked.Score > 0));
        Assert.Equal(found.Select(r => r.Score).OrderDescending(), found.Select(r => r.Score));
    }

    [Fact]
    public async Task Searching_one_board_returns_only_that_board()
    {
        var found = await Catalogue.SearchAsync(new LeadQuery("developer", [LeadSources.LinkedIn], 50), TestContext.Current.CancellationToken);

        Assert.NotEmpty(found);
        Assert.All(found, ranked => Assert.Equal(LeadSources.LinkedIn, ranked.Lead.Source));
    }
}
