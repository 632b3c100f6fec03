using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aaba.Abstractions.Tasks;
using Aaba.Api.Http;
using Aaba.Testing;

namespace Aaba.IntegrationTests.Api;

/// <summary>
/// Every way a client can get a request wrong, against the real HTTP API: each one must come back as the
/// documented 4xx with an <c>application/problem+json</c> body that says what was wrong, and none may hurt the service.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BadRequestTests(ApiFixture fixture)
{
    private const string Json = "application/json";

    /// <summary>One bad request and what the API must answer.</summary>
    /// <param name="Method">The HTTP method.</param>
    /// <param name="Path">The request path.</param>
    /// <param name="ContentType">The Content-Type header, or null for none.</param>
    /// <param name="Body">The body, or null for no body at all.</param>
    /// <param name="Status">The status the API must answer with.</param>
    /// <param name="Field">For validation failures, the field that must be named in <c>errors</c>.</param>
    /// <param name="Chunked">Send the body with chunked transfer encoding (no Content-Length).</param>
    private sealed record BadRequest(
        string Method, string Path, string? ContentType, string? Body, HttpStatusCode Status,
        string? Field = null, bool Chunked = false);

    private static readonly string OversizedLeadBody = $$"""{"query":"{{new string('a', JsonObjectBody.MaxBytes)}}"}""";

    private static readonly string UnknownTaskId = TaskId.New(TimeProvider.System).ToString();

    private static readonly IReadOnlyDictionary<string, BadRequest> Cases = new Dictionary<string, BadRequest>
    {
        // The body is not one JSON object.
        ["malformed JSON"] = new("POST", "/agents/run-lead", Json, """{"query": "python",""", HttpStatusCode.BadRequest),
        ["JSON array body"] = new("POST", "/agents/run-lead", Json, """[{"query":"python"}]""", HttpStatusCode.BadRequest),
        ["JSON string body"] = new("POST", "/agents/run-lead", Json, "\"python\"", HttpStatusCode.BadRequest),
        ["JSON number body"] = new("POST", "/agents/add/run", Json, "42", HttpStatusCode.BadRequest),
        ["JSON null literal body"] = new("POST", "/agents/add/run", Json, "null", HttpStatusCode.BadRequest),
        ["empty body"] = new("POST", "/agents/run-lead", Json, "", HttpStatusCode.BadRequest),
        ["JSON nested 100 deep"] = new("POST", "/agents/add/run", Json,
            string.Concat(Enumerable.Repeat("""{"a":""", 100)) + "1" + new string('}', 100), HttpStatusCode.BadRequest),

        // The body is not JSON at all, or too large.
        ["text/plain content type"] = new("POST", "/agents/run-lead", "text/plain", """{"query":"python"}""", HttpStatusCode.UnsupportedMediaType),
        ["form-urlencoded content type"] = new("POST", "/agents/add/run", "application/x-www-form-urlencoded", "x=1&y=2", HttpStatusCode.UnsupportedMediaType),
        ["no content type"] = new("POST", "/agents/run-lead", null, """{"query":"python"}""", HttpStatusCode.UnsupportedMediaType),
        ["body over 64 KiB with Content-Length"] = new("POST", "/agents/run-lead", Json, OversizedLeadBody, HttpStatusCode.RequestEntityTooLarge),
        ["body over 64 KiB chunked"] = new("POST", "/agents/run-lead", Json, OversizedLeadBody, HttpStatusCode.RequestEntityTooLarge, Chunked: true),

        // The agent does not exist.
        ["unknown agent"] = new("POST", "/agents/no-such-agent/run", Json, """{"x":1,"y":2}""", HttpStatusCode.NotFound),

        // The input is a JSON object the agent rejects.
        ["add without y"] = new("POST", "/agents/add/run", Json, """{"x":1}""", HttpStatusCode.BadRequest, "y"),
        ["add with x as a string"] = new("POST", "/agents/add/run", Json, """{"x":"1","y":2}""", HttpStatusCode.BadRequest, "x"),
        ["add with delay_ms 60001"] = new("POST", "/agents/add/run", Json, """{"x":1,"y":2,"delay_ms":60001}""", HttpStatusCode.BadRequest, "delay_ms"),
        ["add with negative delay_ms"] = new("POST", "/agents/add/run", Json, """{"x":1,"y":2,"delay_ms":-1}""", HttpStatusCode.BadRequest, "delay_ms"),
        ["add with an unknown field"] = new("POST", "/agents/add/run", Json, """{"x":1,"y":2,"z":3}""", HttpStatusCode.BadRequest, "z"),
        ["lead without query"] = new("POST", "/agents/run-lead", Json, """{"limit":5}""", HttpStatusCode.BadRequest, "query"),
        ["lead with an empty query"] = new("POST", "/agents/run-lead", Json, """{"query":""}""", HttpStatusCode.BadRequest, "query"),
        ["lead with a whitespace query"] = new("POST", "/agents/run-lead", Json, """{"query":"  \t  "}""", HttpStatusCode.BadRequest, "query"),
        ["lead with a 201-character query"] = new("POST", "/agents/run-lead", Json, $$"""{"query":"{{new string('q', 201)}}"}""", HttpStatusCode.BadRequest, "query"),
        ["lead with limit 0"] = new("POST", "/agents/run-lead", Json, """{"query":"python","limit":0}""", HttpStatusCode.BadRequest, "limit"),
        ["lead with limit 51"] = new("POST", "/agents/lead/run", Json, """{"query":"python","limit":51}""", HttpStatusCode.BadRequest, "limit"),
        ["lead with an unknown board"] = new("POST", "/agents/run-lead", Json, """{"query":"python","sources":["upwork","monster"]}""", HttpStatusCode.BadRequest, "sources"),
        ["lead with sources not an array"] = new("POST", "/agents/run-lead", Json, """{"query":"python","sources":"upwork"}""", HttpStatusCode.BadRequest, "sources"),
        ["lead with an unknown field"] = new("POST", "/agents/run-lead", Json, """{"query":"python","max":5}""", HttpStatusCode.BadRequest, "max"),

        // Reading a task that is not there.
        ["status with a malformed id"] = new("GET", "/agents/status/not-a-task-id", null, null, HttpStatusCode.NotFound),
        ["status with a non-v7 GUID"] = new("GET", $"/agents/status/{Guid.NewGuid()}", null, null, HttpStatusCode.NotFound),
        ["status with an unknown v7 id"] = new("GET", $"/agents/status/{UnknownTaskId}", null, null, HttpStatusCode.NotFound),

        // Routes that do not exist as asked.
        ["DELETE run-lead"] = new("DELETE", "/agents/run-lead", null, null, HttpStatusCode.MethodNotAllowed),
        ["GET an agent's run route"] = new("GET", "/agents/add/run", null, null, HttpStatusCode.MethodNotAllowed),
        ["unknown route"] = new("GET", "/no-such-route", null, null, HttpStatusCode.NotFound),
        ["listing after the last representable time"] = new("GET", "/tasks?created_after=9999-12-31T23:59:59.9999999Z", null, null, HttpStatusCode.BadRequest, "created_after"),
        ["listing before the epoch"] = new("GET", "/tasks?created_before=1969-12-31T00:00:00Z", null, null, HttpStatusCode.BadRequest, "created_before"),
        ["listing with a page of 101"] = new("GET", "/tasks?limit=101", null, null, HttpStatusCode.BadRequest, "limit"),
        ["listing with a forged cursor"] = new("GET", "/tasks?cursor=zzz", null, null, HttpStatusCode.BadRequest, "cursor"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_battery_covers_at_least_18_distinct_requests()
    {
        var distinct = Cases.Values.Select(c => (c.Method, c.Path, c.ContentType, c.Body, c.Chunked)).Distinct().Count();

        Assert.True(distinct >= 18, $"Only {distinct} distinct bad requests.");
        Assert.Equal(Cases.Count, distinct);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_request_gets_its_documented_problem(string name)
    {
        await AssertProblemAsync(name, Cases[name]);
    }

    [Fact]
    public async Task After_every_bad_request_the_service_still_runs_tasks_and_is_ready()
    {
        foreach (var (name, request) in Cases)
        {
            await AssertProblemAsync(name, request);
        }

        var taskId = await fixture.Client.RunAsync("add", """{"x":20,"y":22}""");
        var task = await fixture.Client.WaitForTerminalAsync(taskId);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(42, task.GetProperty("result").GetProperty("sum").GetDouble());

        using var ready = await fixture.Client.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private async Task AssertProblemAsync(string name, BadRequest request)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path) { Content = Content(request) };
        if (request.Chunked)
        {
            Assert.Null(message.Content!.Headers.ContentLength);
        }

        using var response = await fixture.Client.Http.SendAsync(message, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);

        Assert.True(request.Status == response.StatusCode, $"{name}: expected {(int)request.Status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement;
        Assert.Equal((int)request.Status, problem.GetProperty("status").GetInt32());
        // Every answer explains itself, including the ones routing makes (405, 415 by Accepts, unknown route).
        Assert.True(problem.TryGetProperty("detail", out var text) && !string.IsNullOrWhiteSpace(text.GetString()),
            $"{name}: the problem has no detail: {body}");
        if (request.Field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), $"{name}: no 'errors' in {body}");
            Assert.True(errors.TryGetProperty(request.Field, out var messages), $"{name}: 'errors' does not name '{request.Field}': {body}");
            Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        }
    }

    private static HttpContent? Content(BadRequest request)
    {
        if (request.Body is null)
        {
            return null;
        }
        var bytes = Encoding.UTF8.GetBytes(request.Body);
        HttpContent content = request.Chunked ? new UnknownLengthContent(bytes) : new ByteArrayContent(bytes);
        if (request.ContentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }
        return content;
    }

    /// <summary>A body whose length is not known up front, so the client sends it chunked, without Content-Length.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        private const int ChunkSize = 8 * 1024;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            for (var offset = 0; offset < bytes.Length; offset += ChunkSize)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(ChunkSize, bytes.Length - offset)), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
