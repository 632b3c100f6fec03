using System.Net;
using System.Net.Sockets;
using System.Text;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Security;

/// <summary>The hostile-input battery against an API that requires keys: every answer a clean 4xx, never a 5xx or a hang.</summary>
[Collection(SecurityCollection.Name)]
public sealed class HostileInputTests(SecurityFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<HttpStatusCode> SendAsync(AabaClient client, HttpMethod method, string path, HttpContent? content = null, (string, string)? header = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (header is var (name, value))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.Http.SendAsync(request, timeout.Token);
        return response.StatusCode;
    }

    [Fact]
    public async Task Oversized_headers_deep_nesting_huge_arrays_invalid_utf8_and_control_characters_get_a_4xx()
    {
        var user = await fixture.KeyAsync("hostile", "operator");
        var client = user.Client;
        var cases = new (string What, Func<Task<HttpStatusCode>> Send)[]
        {
            ("a 64 KiB header", () => SendAsync(client, HttpMethod.Get, "/tasks", header: ("X-Padding", new string('a', 64 * 1024)))),
            ("JSON nested 1000 deep", () => SendAsync(client, HttpMethod.Post, "/agents/add/run",
                Json(new string('[', 1000) + new string(']', 1000)))),
            ("an object nested 100 deep", () => SendAsync(client, HttpMethod.Post, "/agents/add/run",
                Json(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)))),
            ("a 10,000-item array inside the limit", () => SendAsync(client, HttpMethod.Post, "/agents/run-lead",
                Json($$"""{"query":"python","sources":[{{string.Join(",", Enumerable.Repeat("\"upwork\"", 6000))}}]}"""))),
            ("a 1 MiB body", () => SendAsync(client, HttpMethod.Post, "/agents/add/run", Json($$"""{"x":1,"y":1,"pad":"{{new string('p', 1 << 20)}}"}"""))),
            ("invalid UTF-8", () => SendAsync(client, HttpMethod.Post, "/agents/add/run",
                new ByteArrayContent([.. "{\"x\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\",\"y\":1}"u8.ToArray()]) { Headers = { ContentType = new("application/json") } })),
            ("control characters in a key name", () => SendAsync(fixture.Admin, HttpMethod.Post, "/admin/keys",
                Json("""{"name":"bell\u0007\r\nX-Injected: 1","role":"reader"}"""))),
            ("a path-tricky tenant name", () => SendAsync(fixture.Admin, HttpMethod.Post, "/admin/keys",
                Json("""{"name":"x","role":"reader","tenant":"../../etc"}"""))),
            ("a role that does not exist", () => SendAsync(fixture.Admin, HttpMethod.Post, "/admin/keys", Json("""{"name":"x","role":"root"}"""))),
            ("an encoded traversal as agent name", () => SendAsync(client, HttpMethod.Post, "/agents/..%2F..%2Fadmin%2Fkeys/run", Json("{}"))),
            ("a NUL in an agent name", () => SendAsync(client, HttpMethod.Post, "/agents/add%00/run", Json("{}"))),
            ("a 5,000-character agent name", () => SendAsync(client, HttpMethod.Post, $"/agents/{new string('a', 5000)}/run", Json("{}"))),
            ("a 20,000-character URL", () => SendAsync(client, HttpMethod.Get, $"/tasks?agent={new string('a', 20000)}")),
            ("a traversal as task id", () => SendAsync(client, HttpMethod.Get, "/agents/status/..%2F..%2Fadmin%2Faudit")),
            ("a traversal as key id", () => SendAsync(fixture.Admin, HttpMethod.Delete, "/admin/keys/..%2F..%2Fx")),
            ("an idempotency key with control characters", () => SendAsync(client, HttpMethod.Post, "/agents/add/run", Json("""{"x":1,"y":1}"""), ("Idempotency-Key", "a\u0001b"))),
        };
        var failures = new List<string>();
        foreach (var (what, send) in cases)
        {
            try
            {
                var status = await send();
                if ((int)status is < 400 or >= 500)
                {
                    failures.Add($"{what}: {(int)status}");
                }
            }
            catch (HttpRequestException exception)
            {
                // The server may close the connection on a request it will not read (e.g. headers too large); that is not a 5xx.
                failures.Add($"{what}: connection failed ({exception.Message})");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Malformed_requests_on_the_wire_get_a_400_not_a_5xx_or_a_hang()
    {
        var raw = new[]
        {
            "GET /tasks HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n",
            "GET /tasks\u00ff HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /agents/add/run HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET /tasks HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n",
            "POST /agents/add/run HTTP/1.1\r\nHost: x\r\nIdempotency-Key: cl\u00e9\u00ff\r\nContent-Length: 2\r\n\r\n{}",
        };
        var port = fixture.Admin.Http.BaseAddress!.Port;
        foreach (var request in raw)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port, Cancellation);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request), Cancellation);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var buffer = new byte[512];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
            Assert.Matches(@"^HTTP/1\.1 4\d\d", statusLine);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
