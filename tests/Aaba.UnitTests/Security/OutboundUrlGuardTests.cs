using System.Net;
using Aaba.Grains.Net;
using Microsoft.Extensions.Options;

namespace Aaba.UnitTests.Security;

/// <summary>The URL guard against server-side request forgery and header injection, for any URL fetched on someone's behalf.</summary>
public sealed class OutboundUrlGuardTests
{
    private static readonly OutboundUrlGuard Guard = new(Options.Create(new OutboundOptions()));

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://127.1.2.3:8080/x")]
    [InlineData("http://localhost/")]
    [InlineData("http://api.localhost/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://172.31.255.255/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://example.com/")]
    [InlineData("ftp://example.com/")]
    [InlineData("http://user:pass@example.com/")]
    [InlineData("https://example.com/hook\r\nX-Injected: 1")]
    [InlineData("https://example.com/hook\nHost: evil")]
    [InlineData("https://exa mple.com/")]
    [InlineData("/relative/path")]
    [InlineData("")]
    public void Private_local_and_malformed_urls_are_refused(string url) => Assert.NotNull(Guard.Check(url));

    [Theory]
    [InlineData("https://example.com/webhook")]
    [InlineData("https://www.upwork.com/ab/feed/jobs/rss?q=python")]
    [InlineData("http://93.184.216.34:8080/x")]
    [InlineData("http://172.32.0.1/")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/")]
    public void Public_http_urls_are_allowed(string url) => Assert.Null(Guard.Check(url));

    [Fact]
    public void Configured_networks_are_allowed_and_nothing_else_is()
    {
        var guard = new OutboundUrlGuard(Options.Create(new OutboundOptions { AllowedNetworks = ["10.1.0.0/16", "127.0.0.1/32"] }));
        Assert.Null(guard.Check("http://10.1.2.3/feed"));
        Assert.Null(guard.Check("http://localhost:8080/feed"));
        Assert.NotNull(guard.Check("http://10.2.0.1/feed"));
        Assert.NotNull(guard.Check("http://169.254.169.254/"));
        Assert.True(guard.IsAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("127.0.0.2")));
    }

    [Fact]
    public async Task The_handler_refuses_to_connect_to_a_name_that_resolves_to_a_local_address()
    {
        using var http = new HttpClient(Guard.CreateHandler());
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("http://localhost:9/", TestContext.Current.CancellationToken));
        Assert.Contains("Refusing to connect", error.Message, StringComparison.Ordinal);
    }
}
