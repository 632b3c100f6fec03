using Aaba.AppHost;

// The cluster-mode topology of docker-compose.yml and scripts/cluster.sh, run by Aspire with its dashboard:
// Redis (AOF on, noeviction), two silos and the API, each process's traces, metrics and logs in one place.
var builder = DistributedApplication.CreateBuilder(args);

// Redis: Debian's redis-server as a process here (no container engine runs), a container where one does.
var redis = await builder.AddAabaRedisAsync("redis");

// Orleans through Aspire's integration: cluster identity and each silo's silo/gateway ports; membership on Redis
// through Aaba's own setting (AABA_REDIS), see AabaRedisClustering.
var orleans = builder.AddOrleans("aaba")
    .WithServiceId("aaba")
    .WithClustering(new AabaRedisClustering(redis));

// What the lead agent talks to (an OpenAI-compatible endpoint, RSS/Atom feeds; empty: offline catalogue only) and the admin key.
var parameters = AabaParameters.Add(builder);

var silos = new List<IResourceBuilder<ProjectResource>>();
for (var i = 1; i <= 2; i++)
{
    silos.Add(builder.AddProject<Projects.Aaba_Silo>($"silo-{i}")
        .WithReference(orleans)
        .WithHttpEndpoint(env: "AABA_SILO_HTTP_PORT")
        .WithHttpHealthCheck("/readyz")
        .WithAabaLlm(parameters)
        .WaitFor(redis.Resource));
}

var api = builder.AddProject<Projects.Aaba_Api>("api")
    .WithReference(orleans.AsClient())
    .WithEnvironment("AABA_BOOTSTRAP_KEY", parameters.AdminKey)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/readyz")
    .WithUrls(ApiPages.Add);
foreach (var silo in silos)
{
    api.WaitFor(silo);
}

// The sample client (samples/LeadFinder, issue 16) joins the topology once it exists.
SampleClient.AddIfPresent(builder, api);

await builder.Build().RunAsync();
