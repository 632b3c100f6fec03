using Aaba.Api.Http;

namespace Aaba.Api.Agents;

/// <summary>A task's transcript: the entries of its last finished attempt, oldest first.</summary>
public sealed record TranscriptResponse(string TaskId, RawJson Entries);
