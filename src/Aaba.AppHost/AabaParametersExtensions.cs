namespace Aaba.AppHost;

/// <summary>Gives a silo the lead agent's parameters under the variables it reads (the agents run on the silos).</summary>
internal static class AabaParametersExtensions
{
    public static IResourceBuilder<T> WithAabaLlm<T>(this IResourceBuilder<T> resource, AabaParameters parameters) where T : IResourceWithEnvironment =>
        resource
            .WithEnvironment("OPENAI_BASE_URL", parameters.BaseUrl)
            .WithEnvironment("OPENAI_MODEL", parameters.Model)
            .WithEnvironment("OPENAI_API_KEY", parameters.ApiKey)
            .WithEnvironment("AABA_LEAD_FEEDS", parameters.LeadFeeds);
}
