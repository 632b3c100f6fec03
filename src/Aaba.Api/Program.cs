using Aaba.Api.Admin;
using Aaba.Api.Agents;
using Aaba.Api.Console;
using Aaba.Api.Health;
using Aaba.Api.Http;
using Aaba.Api.Management;
using Aaba.Api.Schedules;
using Aaba.Api.Security;
using Aaba.Api.Tasks;
using Aaba.Hosting;
using Aaba.ServiceDefaults;

var builder = WebApplication.CreateBuilder(AabaProgram.Options(args));

// Traces, metrics and logs (OpenTelemetry), health checks, service discovery, resilient HTTP clients: as every Aaba process.
builder.AddServiceDefaults("aaba-api");

// The cluster: an embedded silo on in-process Garnet by default, or a client of a Redis-backed cluster.
builder.AddAabaCluster();
// snake_case JSON, problem+json errors, the default address.
builder.AddAabaHttpDefaults();
// Who may do what: API keys (roles, tenants), rate limits, the audit trail; open only on a laptop.
builder.AddAabaSecurity();
// Docs, dashboard, metrics and probes: behind the admin role, or on their own listener.
builder.AddAabaManagement();
builder.Services.AddAabaHealthChecks();
builder.Services.AddOpenApi();
// The task console's files, embedded in this assembly.
builder.Services.AddSingleton<ConsoleAssets>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAabaSecurity();

// Docs, dashboard, metrics and probes (/healthz, /readyz): who may call them is the management surface's to say.
app.MapManagementEndpoints();
app.MapAgentEndpoints();
app.MapTaskEndpoints();
app.MapScheduleEndpoints();
app.MapAdminEndpoints();
app.MapConsoleEndpoints();

app.Run();
