using Aaba.Abstractions.Tasks;

namespace Aaba.Abstractions.Http;

/// <summary>A task's transcript: the entries of its last finished attempt, oldest first (a JSON array).</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Entries">Messages, tool calls, tool results and token usage, as a JSON array.</param>
public sealed record TranscriptResponse(TaskId TaskId, RawJson Entries);
