using System.Globalization;

namespace Aaba.Client.Http;

/// <summary>
/// Reads a <c>text/event-stream</c> as the HTML standard says an EventSource does: fields <c>id</c>, <c>event</c>,
/// <c>data</c> (lines joined) and <c>retry</c>, a blank line dispatching the event, comment lines (heartbeats) skipped.
/// </summary>
internal sealed class ServerSentEventReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? id = null;
        var type = "";
        int? retry = null;
        List<string> data = [];
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0 || type.Length > 0 || retry is not null)
                {
                    return new ServerSentEvent(id, type.Length > 0 ? type : "message", string.Join('\n', data), retry);
                }
                continue;
            }
            if (line[0] == ':')
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Add(value);
                    break;
                case "retry" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds):
                    retry = milliseconds;
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    public void Dispose() => _reader.Dispose();
}
