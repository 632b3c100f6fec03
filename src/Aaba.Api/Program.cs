using Aaba.Api.Agents;
using Aaba.Api.Health;
using Aaba.Api.Http;
using Aaba.Api.Tasks;
using Aaba.Hosting;
using Orleans.Dashboard;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// The cluster: an embedded silo on in-process Garnet by default, or a client of a Redis-backed cluster.
builder.AddAabaCluster();
// snake_case JSON, problem+json errors, the default address.
builder.AddAabaHttpDefaults();
builder.AddAabaTelemetry("aaba-api");
builder.Services.AddAabaHealthChecks();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.MapHealthEndpoints();
app.MapAabaMetrics();
app.MapOrleansDashboard("/dashboard").ExcludeFromDescription();
app.MapAgentEndpoints();
app.MapTaskEndpoints();

app.Run();
