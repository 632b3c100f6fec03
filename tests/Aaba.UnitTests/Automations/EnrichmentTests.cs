using System.Text.Json.Nodes;
using Aaba.Grains.Agents.Enrich;
using Aaba.Grains.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aaba.UnitTests.Automations;

/// <summary>Reading a lead's page with the HTML parser, budgets in USD, and a fetch that never reaches this machine or a private network.</summary>
public sealed class EnrichmentTests
{
    private const string Page = """
        <html><head><title>Senior Django developer | Acme Robotics</title>
        <meta property="og:site_name" content="Acme Robotics Jobs">
        <script type="application/ld+json">{"@type":"JobPosting","hiringOrganization":{"name":"Acme Robotics","sameAs":"https://acme.example"}}</script>
        <script src="https://cdn.example/react.production.min.js"></script></head>
        <body><p>We use Django, PostgreSQL and Kubernetes. Budget: $4,000 - $6,000.</p><a href="/contact-us">Contact us</a></body></html>
        """;

    [Fact]
    public async Task A_page_gives_company_site_contact_page_and_technologies()
    {
        var facts = await LeadEnricher.ReadPageAsync(new FetchedPage("https://jobs.example/1", "https://jobs.example/1", 200, "text/html", Page, false), TestContext.Current.CancellationToken);
        Assert.Equal(("Acme Robotics", "https://acme.example/", "https://jobs.example/contact-us"), (facts.Company, facts.Site, facts.ContactPage));
        Assert.Equal(["django", "postgresql", "kubernetes"], LeadEnricher.Hints(facts.Text!).Where(t => t is "django" or "postgresql" or "kubernetes"));
    }

    [Fact]
    public void Budgets_become_usd_ranges_from_the_lead_or_the_page()
    {
        var fromLead = BudgetNormalizer.Normalize(JsonNode.Parse("""{"budget":{"min":50,"max":100,"currency":"EUR","type":"hourly"}}""")!.AsObject(), null, BudgetNormalizer.DefaultRates)!;
        Assert.Equal((54m, 108m, "hourly", "lead"), (fromLead["min"]!.GetValue<decimal>(), fromLead["max"]!.GetValue<decimal>(), fromLead["basis"]!.GetValue<string>(), fromLead["source"]!.GetValue<string>()));
        var fromPage = BudgetNormalizer.Normalize([], "Budget: £1,000 to £2,000 fixed", BudgetNormalizer.DefaultRates)!;
        Assert.Equal((1270m, 2540m, "page"), (fromPage["min"]!.GetValue<decimal>(), fromPage["max"]!.GetValue<decimal>(), fromPage["source"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://localhost/admin")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("file:///etc/passwd")]
    public async Task Fetch_page_refuses_loopback_link_local_and_private_addresses(string url)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new OutboundUrlGuard(Options.Create(new OutboundOptions())));
        services.AddHttpClient(PageFetcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => PageFetcher.CreateHandler(sp.GetRequiredService<OutboundUrlGuard>()));
        using var provider = services.BuildServiceProvider();
        var fetcher = new PageFetcher(provider.GetRequiredService<IHttpClientFactory>(), provider.GetRequiredService<OutboundUrlGuard>(), Options.Create(new FetchOptions()));
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.FetchAsync(url, TestContext.Current.CancellationToken));
        Assert.True(refused.Refused);
    }
}
