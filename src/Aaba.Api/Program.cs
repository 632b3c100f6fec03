using Aaba.Api.Admin;
using Aaba.Api.Agents;
using Aaba.Api.Console;
using Aaba.Api.Health;
using Aaba.Api.Http;
using Aaba.Api.Management;
using Aaba.Api.Security;
using Aaba.Api.Tasks;
using Aaba.Hosting;

var builder = WebApplication.CreateBuilder(args);

// The cluster: an embedded silo on in-process Garnet by default, or a client of a Redis-backed cluster.
builder.AddAabaCluster();
// snake_case JSON, problem+json errors, the default address.
builder.AddAabaHttpDefaults();
// Who may do what: API keys (roles, tenants), rate limits, the audit trail; open only on a laptop.
builder.AddAabaSecurity();
// Docs, dashboard, metrics and probes: behind the admin role, or on their own listener.
builder.AddAabaManagement();
builder.AddAabaTelemetry("aaba-api");
builder.Services.AddAabaHealthChecks();
builder.Services.AddOpenApi();
// The task console's files, embedded in this assembly.
builder.Services.AddSingleton<ConsoleAssets>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAabaSecurity();

app.MapManagementEndpoints();
app.MapAgentEndpoints();
app.MapTaskEndpoints();
app.MapAdminEndpoints();
app.MapConsoleEndpoints();

app.Run();
