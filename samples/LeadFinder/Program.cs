using Aaba.Client;
using LeadFinder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

// dotnet run --project samples/LeadFinder -- --query python [--transport http|cluster] [--url …] [--api-key …] [--redis …] [--cluster-id …] [--sources upwork,linkedin] [--limit 10]
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--api-key"] = "ApiKey", ["--cluster-id"] = "ClusterId" });
var options = builder.Configuration.Get<LeadFinderOptions>() ?? new LeadFinderOptions();
options.ApiKey ??= Environment.GetEnvironmentVariable("AABA_API_KEY");
if (options.Problem() is { } problem)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{problem}[/]");
    return 64;
}

// The one line that differs between the transports.
builder.Services.AddAabaClient(client =>
{
    if (options.UsesCluster)
    {
        client.UseCluster(options.Redis, options.ClusterId);
    }
    else
    {
        client.UseHttp(options.Url, options.ApiKey);
    }
});
// The screen is the app's: only errors are logged (retries of a watch riding out a restart are expected).
builder.Logging.SetMinimumLevel(LogLevel.Error).AddFilter("Polly", LogLevel.None);
builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<LeadFinderApp>();

using var host = builder.Build();
var app = host.Services.GetRequiredService<LeadFinderApp>();
return await app.RunAsync(host);
