using Aaba.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aaba.IntegrationTests.Agents;

/// <summary>The lead agent searches configured RSS feeds (served here by a local Kestrel) besides its catalogue.</summary>
public sealed class FeedLeadSourceTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Jobs</title><link>http://127.0.0.1/</link><description>test feed</description>
          <item><title>Zig compiler engineer for embedded toolchain</title><link>https://www.upwork.com/jobs/~01feedzig0001</link>
            <description>&lt;p&gt;Build a &lt;b&gt;Zig&lt;/b&gt; cross-compiler for RISC-V boards.&lt;/p&gt;</description>
            <category>zig</category><category>compilers</category><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>
          <item><title>Elixir Phoenix developer</title><link>https://www.upwork.com/jobs/~01feedelixir02</link>
            <description>LiveView dashboards.</description><category>elixir</category><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    [Fact]
    public async Task Leads_from_a_configured_feed_are_found_alongside_the_catalogue()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var feedServer = builder.Build();
        var fetches = 0;
        feedServer.MapGet("/jobs.rss", () =>
        {
            Interlocked.Increment(ref fetches);
            return Results.Text(Rss, "application/rss+xml");
        });
        await feedServer.StartAsync(TestContext.Current.CancellationToken);

        using var data = new TestDirectory("feeds");
        await using var aaba = new AabaApiFactory(new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
        {
            ["Aaba:Embedded:DataDir"] = data.Path,
            ["Aaba:LeadFeeds:Urls"] = $"upwork={feedServer.Urls.Single()}/jobs.rss",
        });
        using var client = aaba.CreateAabaClient();

        var zig = await client.WaitForTerminalAsync(await client.RunAsync("lead", """{"query":"zig compilers"}"""));
        var again = await client.WaitForTerminalAsync(await client.RunAsync("lead", """{"query":"elixir"}"""));

        var lead = Assert.Single(zig.GetProperty("result").GetProperty("leads").EnumerateArray());
        Assert.Equal("https://www.upwork.com/jobs/~01feedzig0001", lead.GetProperty("url").GetString());
        Assert.Equal("upwork", lead.GetProperty("source").GetString());
        Assert.Equal("Build a Zig cross-compiler for RISC-V boards.", lead.GetProperty("description").GetString());
        Assert.Contains("zig", lead.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("https://www.upwork.com/jobs/~01feedelixir02",
            again.GetProperty("result").GetProperty("leads")[0].GetProperty("url").GetString());
        // The second search used the cached feed.
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task A_feed_that_cannot_be_read_never_fails_a_task()
    {
        using var data = new TestDirectory("feeds-down");
        await using var aaba = new AabaApiFactory(new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
        {
            ["Aaba:Embedded:DataDir"] = data.Path,
            // Nothing listens there: every fetch fails (after the resilience handler's retries).
            ["Aaba:LeadFeeds:Urls"] = $"upwork=http://127.0.0.1:{Aaba.Hosting.FreePort.Pick()}/jobs.rss",
        });
        using var client = aaba.CreateAabaClient();

        var task = await client.WaitForTerminalAsync(await client.RunAsync("lead", """{"query":"python"}"""), TimeSpan.FromSeconds(60));

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.NotEmpty(task.GetProperty("result").GetProperty("leads").EnumerateArray());
    }

    [Fact]
    public async Task A_feed_that_stalls_after_its_headers_holds_no_task_past_the_fetch_bound_and_is_tried_again_next_time()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var feedServer = builder.Build();
        var stalling = true;
        feedServer.MapGet("/jobs.rss", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/rss+xml";
            if (!Volatile.Read(ref stalling))
            {
                await context.Response.WriteAsync(Rss);
                return;
            }
            // Headers and the start of the body, then nothing until the client gives up.
            await context.Response.WriteAsync(Rss[..40]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await feedServer.StartAsync(TestContext.Current.CancellationToken);

        using var data = new TestDirectory("feeds-stall");
        await using var aaba = new AabaApiFactory(new Dictionary<string, string?>(ClusterFixture.TestSiloSettings)
        {
            ["Aaba:Embedded:DataDir"] = data.Path,
            ["Aaba:LeadFeeds:Urls"] = $"upwork={feedServer.Urls.Single()}/jobs.rss",
            ["Aaba:LeadFeeds:FetchTimeout"] = "00:00:01",
        });
        using var client = aaba.CreateAabaClient();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stalled = await client.WaitForTerminalAsync(await client.RunAsync("lead", """{"query":"zig compilers"}"""), TimeSpan.FromSeconds(30));
        var stalledFor = clock.Elapsed;
        Volatile.Write(ref stalling, false);
        var recovered = await client.WaitForTerminalAsync(await client.RunAsync("lead", """{"query":"zig compilers"}"""), TimeSpan.FromSeconds(30));

        Assert.Equal("succeeded", stalled.GetProperty("status").GetString());
        Assert.DoesNotContain(stalled.GetProperty("result").GetProperty("leads").EnumerateArray(), l => l.GetProperty("url").GetString()!.Contains("feedzig", StringComparison.Ordinal));
        Assert.True(stalledFor < TimeSpan.FromSeconds(10), $"The stalled feed held the task {stalledFor.TotalSeconds:0.0} s.");
        Assert.Contains(recovered.GetProperty("result").GetProperty("leads").EnumerateArray(), l => l.GetProperty("url").GetString() == "https://www.upwork.com/jobs/~01feedzig0001");
    }
}
