using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aaba.Testing;

/// <summary>
/// A local OpenAI-compatible chat completions server on real Kestrel. Each request takes the next scripted reply
/// (a completion the SDK really parses, an error status, or a stall) and is recorded for assertions.
/// Nothing leaves the machine.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private Func<RecordedRequest, Reply>? _responder;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Requests whose client hung up before the reply was sent.</summary>
    public int AbortedRequests => Volatile.Read(ref _aborted);

    private int _aborted;

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = $"{app.Urls.Single()}/v1";
        return server;
    }

    /// <summary>Forgets earlier requests and replies; the next requests get <paramref name="replies"/> in order.</summary>
    public void Script(params Reply[] replies)
    {
        _script.Clear();
        _requests.Clear();
        _responder = null;
        Interlocked.Exchange(ref _aborted, 0);
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Forgets earlier requests and replies; every next request is answered by <paramref name="responder"/> (a model that reads the conversation).</summary>
    public void Respond(Func<RecordedRequest, Reply> responder)
    {
        Script();
        _responder = responder;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
        var recorded = new RecordedRequest(body, request.Headers.Authorization.ToString());
        _requests.Enqueue(recorded);
        Reply? reply;
        if (_responder is { } responder)
        {
            reply = responder(recorded);
        }
        else if (!_script.TryDequeue(out reply))
        {
            return Results.Json(new { error = new { message = "The test scripted no more replies." } }, statusCode: 500);
        }
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _aborted);
                return Results.Empty;
            }
        }
        foreach (var (name, value) in reply.Headers)
        {
            request.HttpContext.Response.Headers[name] = value;
        }
        return Results.Content(reply.Body, "application/json", statusCode: reply.Status);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record RecordedRequest(JsonElement Body, string Authorization)
    {
        public IEnumerable<JsonElement> Messages => Body.GetProperty("messages").EnumerateArray();
    }

    public sealed record Reply(int Status, string Body, TimeSpan Delay, IReadOnlyList<(string Name, string Value)> Headers)
    {
        /// <summary>The model asks for one tool call.</summary>
        public static Reply ToolCall(string id, string tool, object arguments, int promptTokens = 100, int completionTokens = 20, string finishReason = "tool_calls") =>
            ToolCalls([(id, tool, JsonSerializer.Serialize(arguments))], promptTokens, completionTokens, finishReason);

        /// <summary>
        /// The model asks for several tool calls at once; each argument string is sent as is (so it may be malformed).
        /// <paramref name="finishReason"/> is what the server claims: "stop" is what vLLM, Ollama, OpenVINO and mlx send.
        /// </summary>
        public static Reply ToolCalls(
            IReadOnlyList<(string Id, string Tool, string Arguments)> calls, int promptTokens = 100, int completionTokens = 20,
            string finishReason = "tool_calls", string? content = null) =>
            Completion(new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = content,
                ["tool_calls"] = new JsonArray(calls.Select(call => (JsonNode)new JsonObject
                {
                    ["id"] = call.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Tool, ["arguments"] = call.Arguments },
                }).ToArray()),
            }, finishReason, promptTokens, completionTokens);

        /// <summary>The model answers with <paramref name="content"/> (the text of its message).</summary>
        public static Reply Answer(string content, int promptTokens = 300, int completionTokens = 80, string finishReason = "stop") =>
            Completion(new JsonObject { ["role"] = "assistant", ["content"] = content }, finishReason, promptTokens, completionTokens);

        /// <summary>The answer was cut off at the output token limit.</summary>
        public static Reply Truncated(string content, int promptTokens = 300, int completionTokens = 80) =>
            Answer(content, promptTokens, completionTokens, "length");

        /// <summary>The model refuses, the way OpenAI's structured outputs say it: a refusal and no content.</summary>
        public static Reply Refusal(string refusal, int promptTokens = 300, int completionTokens = 10) =>
            Completion(new JsonObject { ["role"] = "assistant", ["content"] = null, ["refusal"] = refusal }, "stop", promptTokens, completionTokens);

        public static Reply Error(int status, params (string Name, string Value)[] headers) =>
            new(status, JsonSerializer.Serialize(new { error = new { message = $"scripted {status}", type = "test" } }), TimeSpan.Zero, headers);

        public static Reply Stall(TimeSpan delay) => Answer("""{"leads":[],"summary":"late"}""") with { Delay = delay };

        private static Reply Completion(JsonObject message, string finishReason, int promptTokens, int completionTokens) =>
            new(200, new JsonObject
            {
                ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
                ["object"] = "chat.completion",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["model"] = "test-model-2026-11",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = message,
                    ["logprobs"] = null,
                    ["finish_reason"] = finishReason,
                }),
                ["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = promptTokens,
                    ["completion_tokens"] = completionTokens,
                    ["total_tokens"] = promptTokens + completionTokens,
                },
            }.ToJsonString(), TimeSpan.Zero, []);
    }
}
