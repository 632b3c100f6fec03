namespace Aaba.AppHost;

/// <summary>
/// The sample client, <c>samples/LeadFinder</c> (issue 16, being written beside this AppHost): added to the topology
/// when its project exists, so this AppHost builds with or without it. It gets the API's address both ways a client
/// may read it: service discovery (<c>services__api__http__0</c>, for <c>http://api</c>) and <c>AABA_API_URL</c>.
/// Aspire builds it when it starts (it is not a project reference of this AppHost); it starts from the dashboard once
/// the API is ready, since a client sample is run on demand.
/// TODO(issue 16): once the sample is merged, reference it as a project and keep only the variable it reads.
/// </summary>
internal static class SampleClient
{
    public static void AddIfPresent(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        var folder = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "samples", "LeadFinder"));
        var project = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.csproj").FirstOrDefault() : null;
        if (project is null)
        {
            return;
        }
        builder.AddProject("lead-finder", project)
            .WithReference(api)
            .WithEnvironment("AABA_API_URL", api.GetEndpoint("http"))
            .WaitFor(api)
            .WithExplicitStart();
    }
}
