namespace Aaba.Client.Http;

/// <summary>One Server-Sent Event as received: its id (null when it has none), type, data and reconnection hint.</summary>
internal sealed record ServerSentEvent(string? Id, string Type, string Data, int? RetryMilliseconds);
