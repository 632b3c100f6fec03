namespace Aaba.AppHost;

/// <summary>
/// The lead agent's outside world as AppHost parameters: an OpenAI-compatible endpoint (base URL, model, key) and
/// RSS/Atom feeds. Each comes from <c>Parameters:&lt;name&gt;</c> (user secrets, appsettings, <c>Parameters__&lt;name&gt;</c>),
/// else from the variable the API and silos read themselves (<c>OPENAI_API_KEY</c>, ...), else is empty: an empty key
/// runs the offline catalogue, as everywhere else.
/// </summary>
internal sealed record AabaParameters(
    IResourceBuilder<ParameterResource> BaseUrl,
    IResourceBuilder<ParameterResource> Model,
    IResourceBuilder<ParameterResource> ApiKey,
    IResourceBuilder<ParameterResource> LeadFeeds,
    IResourceBuilder<ParameterResource> AdminKey)
{
    public static AabaParameters Add(IDistributedApplicationBuilder builder) => new(
        Parameter(builder, "openai-base-url", "OPENAI_BASE_URL"),
        Parameter(builder, "openai-model", "OPENAI_MODEL"),
        Parameter(builder, "openai-api-key", "OPENAI_API_KEY", secret: true),
        Parameter(builder, "lead-feeds", "AABA_LEAD_FEEDS"),
        // A cluster-mode API refuses to start open: the admin (bootstrap) key comes from configuration, or is made for
        // this run (the dashboard shows it among the parameters). Create other keys with POST /admin/keys.
        builder.AddParameter("aaba-admin-key", () => builder.Configuration["Parameters:aaba-admin-key"] ?? builder.Configuration["AABA_BOOTSTRAP_KEY"] ?? NewKey, secret: true));

    private static readonly string NewKey = "aaba_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IResourceBuilder<ParameterResource> Parameter(IDistributedApplicationBuilder builder, string name, string variable, bool secret = false) =>
        builder.AddParameter(name, () => builder.Configuration[$"Parameters:{name}"] ?? builder.Configuration[variable] ?? "", secret: secret);
}
