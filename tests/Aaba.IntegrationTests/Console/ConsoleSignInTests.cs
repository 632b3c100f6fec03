using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Console;

/// <summary>
/// The console's sign-in over plain HTTP: the cookie it sets (HttpOnly, SameSite=Strict, not the key), what the
/// cookie may do (read; change only with the console's header), what it may not (survive tampering), and the
/// audit entries sign-ins leave.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class ConsoleSignInTests(SecurityFixture fixture)
{
    private const string Header = "X-Aaba-Console";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private HttpClient NewBrowserlikeClient() => new(new HttpClientHandler { UseCookies = false }) { BaseAddress = fixture.Admin.Http.BaseAddress };

    private static HttpRequestMessage SignIn(string key, bool withHeader = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in") { Content = JsonContent.Create(new { key }) };
        if (withHeader)
        {
            request.Headers.Add(Header, "1");
        }
        return request;
    }

    [Fact]
    public async Task Signing_in_sets_an_httponly_strict_cookie_without_the_key_that_reads_but_changes_only_with_the_console_header()
    {
        var key = await fixture.CreateKeyAsync("console-cookie", "operator");
        using var http = NewBrowserlikeClient();

        using (var forged = await http.SendAsync(SignIn(key.Secret, withHeader: false), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.False(forged.Headers.Contains("Set-Cookie"));
        }
        using (var wrong = await http.SendAsync(SignIn("aaba_" + new string('x', 43)), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }
        using var signedIn = await http.SendAsync(SignIn(key.Secret), Cancellation);
        var body = await signedIn.Content.ReadAsStringAsync(Cancellation);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.DoesNotContain(key.Secret, body, StringComparison.Ordinal);
        var setCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("aaba_console=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key.Secret, setCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret[5..], setCookie, StringComparison.Ordinal);
        var cookie = setCookie.Split(';')[0];

        HttpRequestMessage WithCookie(HttpMethod method, string path, string? value = null, bool console = false)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Cookie", value ?? cookie);
            if (console)
            {
                request.Headers.Add(Header, "1");
            }
            return request;
        }

        using (var session = await http.SendAsync(WithCookie(HttpMethod.Get, "/console/api/session"), Cancellation))
        {
            using var json = JsonDocument.Parse(await session.Content.ReadAsStringAsync(Cancellation));
            Assert.Equal(key.Id, json.RootElement.GetProperty("key_id").GetString());
            Assert.Equal("console-cookie", json.RootElement.GetProperty("tenant").GetString());
            Assert.Equal("operator", json.RootElement.GetProperty("role").GetString());
            Assert.Equal("cookie", json.RootElement.GetProperty("via").GetString());
        }
        var id = await key.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":30000}""");
        using (var read = await http.SendAsync(WithCookie(HttpMethod.Get, $"/agents/status/{id}"), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        // A change by cookie alone is what a cross-site form would send: refused, and the task runs on.
        using (var crossSite = await http.SendAsync(WithCookie(HttpMethod.Post, $"/agents/status/{id}/cancel"), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
            Assert.Contains(Header, await crossSite.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
        Assert.Equal("running", (await key.Client.GetTaskAsync(id))!.Value.GetProperty("status").GetString());
        using (var console = await http.SendAsync(WithCookie(HttpMethod.Post, $"/agents/status/{id}/cancel", console: true), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        }
        // A cookie changed by one character is no cookie at all.
        var tampered = cookie[..^2] + (cookie[^2] == 'A' ? 'B' : 'A') + cookie[^1];
        using (var bad = await http.SendAsync(WithCookie(HttpMethod.Get, "/tasks", tampered), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        }
        // Sign-out clears the cookie in the browser.
        using var signOut = await http.SendAsync(WithCookie(HttpMethod.Post, "/console/sign-out", console: true), Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Contains("aaba_console=;", Assert.Single(signOut.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);

        using var audit = JsonDocument.Parse(await fixture.Admin.Http.GetStringAsync("/admin/audit?action=console.sign_in&limit=200", Cancellation));
        var entries = audit.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == key.Id && e.GetProperty("outcome").GetString() == "ok");
        Assert.Contains(entries, e => e.GetProperty("outcome").GetString() == "denied");
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(key.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_consoles_files_are_served_to_anyone_with_a_strict_content_security_policy_and_its_pages_fall_back_to_the_shell()
    {
        using var anonymous = fixture.Anonymous();
        foreach (var path in new[] { "/console", "/console/", "/console/tasks/01a2306c-1d67-72b8-ba1e-91bbd2048b3", "/console/agents" })
        {
            using var page = await anonymous.Http.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Contains("""<script type="module" src="/console/app.js">""", await page.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
        using var script = await anonymous.Http.GetAsync("/console/app.js", Cancellation);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", script.Headers.ETag!.ToString());
        using (var cached = await anonymous.Http.SendAsync(again, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        }
        using var missing = await anonymous.Http.GetAsync("/console/missing.js", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The data behind the pages still needs a key (or the cookie).
        using var session = await anonymous.Http.GetAsync("/console/api/session", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        using var signIn = await anonymous.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new StringContent("""{"key":"aaba_x"}""", Encoding.UTF8, "application/json"),
            Headers = { { Header, "1" } },
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }
}
