using Aaba.Api.Agents;
using Aaba.Api.Health;
using Aaba.Api.Http;
using Aaba.Api.Tasks;
using Aaba.Hosting;
using Aaba.ServiceDefaults;
using Orleans.Dashboard;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// Traces, metrics and logs (OpenTelemetry), health checks, service discovery, resilient HTTP clients: as every Aaba process.
builder.AddServiceDefaults("aaba-api");

// The cluster: an embedded silo on in-process Garnet by default, or a client of a Redis-backed cluster.
builder.AddAabaCluster();
// snake_case JSON, problem+json errors, the default address.
builder.AddAabaHttpDefaults();
builder.Services.AddAabaHealthChecks();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapScalarApiReference("/docs");
// /healthz, /readyz (the cluster and storage answer) and /metrics.
app.MapDefaultEndpoints();
app.MapOrleansDashboard("/dashboard").ExcludeFromDescription();
app.MapAgentEndpoints();
app.MapTaskEndpoints();

app.Run();
