using System.Diagnostics;
using System.Text.Json;
using Aaba.Grains.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// Microsoft.Extensions.AI's function-invocation loop for one lead run. It runs every tool call a reply carries,
/// whatever the reply's finish reason says (servers such as vLLM, Ollama, OpenVINO and mlx send "stop" with tool
/// calls), answers each with one tool message in call order, and records each result in the transcript. Aaba adds
/// three things: arguments that are not JSON and unknown tools get answers the model can act on, a failing tool
/// never shows the model an exception, and tool spans carry the task id.
/// </summary>
public sealed class LeadToolInvokingChatClient : FunctionInvokingChatClient
{
    private readonly LlmRun _run;

    public LeadToolInvokingChatClient(IChatClient inner, ILoggerFactory loggers, LlmRun run)
        : base(inner, loggers)
    {
        _run = run;
        // The exact limit is LlmRoundLimitChatClient's; this one must never cut in before it.
        MaximumIterationsPerRequest = run.Settings.MaxRounds + 1;
        // One call at a time keeps the transcript and the tool messages in the order the model asked.
        AllowConcurrentInvocation = false;
        IncludeDetailedErrors = false;
    }

    protected override async ValueTask<object?> InvokeFunctionAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        var call = context.CallContent;
        // The execute_tool span the middleware opened for this call.
        Activity.Current?.SetTag(AabaTracing.TaskIdTag, _run.TaskId);
        Activity.Current?.SetTag(AabaTracing.AgentTag, _run.Agent);
        _run.Context.ReportProgress($"Calling {call.Name}", new { tool = call.Name, arguments = LlmTranscriptChatClient.RawArguments(call) });
        var clock = Stopwatch.StartNew();
        try
        {
            if (call.Exception is not null)
            {
                return LeadTools.MalformedArguments(call.Name);
            }
            using var span = AabaTracing.StartTaskSpan("aaba.tool.call", null, _run.TaskId, _run.Agent);
            span?.SetTag("aaba.tool", call.Name);
            return await base.InvokeFunctionAsync(context, cancellationToken);
        }
        finally
        {
            _run.RecordToolDuration(call.CallId, clock.Elapsed);
        }
    }

    protected override IList<ChatMessage> CreateResponseMessages(ReadOnlySpan<FunctionInvocationResult> results)
    {
        var contents = new List<AIContent>(results.Length);
        foreach (var result in results)
        {
            var call = result.CallContent;
            var text = result.Status switch
            {
                FunctionInvocationStatus.RanToCompletion => result.Result as string ?? JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions),
                FunctionInvocationStatus.NotFound => LeadTools.UnknownTool(call.Name),
                _ => LeadTools.Failed(call.Name),
            };
            _run.Context.Record(new TranscriptEntry("tool_result", text, call.Name, call.CallId, DurationMs: _run.ToolDurationMs(call.CallId)));
            _run.Context.ReportProgress($"{call.Name} answered; {_run.Ledger.Count} lead(s) found so far", new { tool = call.Name, leads_so_far = _run.Ledger.Count });
            // The exception stays attached (not shown to the model) so the middleware still stops after repeated failures.
            contents.Add(new FunctionResultContent(call.CallId, text) { Exception = result.Exception });
        }
        return [new ChatMessage(ChatRole.Tool, contents)];
    }
}
