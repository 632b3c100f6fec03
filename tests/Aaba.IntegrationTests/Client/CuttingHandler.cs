using System.Text;

namespace Aaba.IntegrationTests.Client;

/// <summary>
/// Cuts an armed event stream as a dropped connection would: after <c>n</c> whole events (and a few bytes of the next),
/// the next read fails with an <see cref="IOException"/>, and the response is aborted. Arm with <c>n</c> of 1 or more.
/// </summary>
public sealed class CuttingHandler(ConnectionCutter cutter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri?.AbsolutePath.EndsWith("/events", StringComparison.Ordinal) == true && response.IsSuccessStatusCode && cutter.TryTake(out var events))
        {
            var inner = await response.Content.ReadAsStreamAsync(cancellationToken);
            var content = new StreamContent(new CuttingStream(inner, events, cutter));
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            response.Content = content;
        }
        return response;
    }

    private sealed class CuttingStream(Stream inner, int events, ConnectionCutter cutter) : Stream
    {
        private const int BytesOfTheNextEvent = 6;
        private readonly StringBuilder _block = new();
        private int _seen;
        private int _allowance = -1;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_allowance == 0)
            {
                cutter.Cut();
                await inner.DisposeAsync();
                throw new IOException("The connection was cut (test).");
            }
            var read = await inner.ReadAsync(buffer, cancellationToken);
            for (var i = 0; i < read; i++)
            {
                if (_allowance > 0 && --_allowance == 0)
                {
                    return i + 1;
                }
                if (_allowance < 0 && Count((char)buffer.Span[i]) && _seen == events)
                {
                    _allowance = BytesOfTheNextEvent;
                }
            }
            return read;
        }

        /// <summary>Follows the text; true when a block with an id (an event, not a heartbeat) has just ended.</summary>
        private bool Count(char c)
        {
            _block.Append(c);
            if (_block.Length >= 2 && _block[^1] == '\n' && _block[^2] == '\n')
            {
                var isEvent = _block.ToString().Contains("id:", StringComparison.Ordinal);
                _block.Clear();
                if (isEvent)
                {
                    _seen++;
                    return true;
                }
            }
            return false;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
