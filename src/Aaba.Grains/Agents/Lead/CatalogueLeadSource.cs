using System.Text.Json;

namespace Aaba.Grains.Agents.Lead;

/// <summary>The bundled catalogue of sample leads (an embedded resource), loaded once per process.</summary>
public sealed class CatalogueLeadSource : ILeadSource
{
    private const string ResourceName = "Aaba.Grains.leads.json";
    private readonly Lazy<IReadOnlyList<Lead>> _leads = new(Load);

    public IReadOnlyList<Lead> Leads => _leads.Value;

    public Task<IReadOnlyList<RankedLead>> SearchAsync(LeadQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(LeadRanker.Rank(_leads.Value, query));

    public Task<Lead?> FindAsync(string url, CancellationToken cancellationToken) =>
        Task.FromResult(_leads.Value.FirstOrDefault(lead => string.Equals(lead.Url, url, StringComparison.OrdinalIgnoreCase)));

    private static IReadOnlyList<Lead> Load()
    {
        using var stream = typeof(CatalogueLeadSource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The lead catalogue resource '{ResourceName}' is missing from the build.");
        return JsonSerializer.Deserialize<List<Lead>>(stream, AabaJson.Options)
            ?? throw new InvalidOperationException("The lead catalogue is empty.");
    }
}
