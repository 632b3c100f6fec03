using System.Buffers.Binary;
using System.Globalization;

namespace Aaba.Hosting;

/// <summary>
/// The end of the embedded Garnet's append-only file, read before Garnet recovers it, and the one repair recovery needs.
/// <para>
/// Garnet 2.2.8 (its Tsavorite log) recovers the file up to the last commit record it can read after the newest commit
/// metadata file. A kill -9 can tear the commit record being written at a sector boundary: its length and version reach
/// the disk, the rest of it reads as zeros, and zeros pass the record's checksum (an XOR of its fields). Recovery then
/// takes "committed until address 0" for the newest commit and starts with an empty store: every task gone (one kill in
/// about 30 under load here; the CI machine met it on its first try). A commit record can never end before its own
/// address, so one that says so is torn; cleared, recovery stops at the commit before it, as it does for any other torn
/// record. Only bytes after the last whole commit are touched: writes that no 202 waited for.
/// </para>
/// The layout read here is Tsavorite's, with the page and segment sizes this process gives Garnet
/// (<see cref="PageSizeOption"/>, <see cref="SegmentSizeOption"/>).
/// </summary>
internal static class AppendOnlyFileTail
{
    private const int PageSizeBits = 25;
    private const int SegmentSizeBits = 30;
    private const long PageSize = 1L << PageSizeBits;

    /// <summary>The page size given to Garnet (<c>--aof-page-size</c>): 32 MB, Garnet's default.</summary>
    public static readonly string PageSizeOption = Megabytes(PageSizeBits);

    /// <summary>The segment (file) size given to Garnet (<c>--aof-segment-size</c>): 1 GB, Garnet's default.</summary>
    public static readonly string SegmentSizeOption = Megabytes(SegmentSizeBits);

    /// <summary>A log's first record starts here (Tsavorite keeps the first 64 bytes).</summary>
    private const long FirstRecordAddress = 64;

    /// <summary>Each record starts with its length (negative for a commit record); no checksum field in Garnet's log.</summary>
    private const int RecordHeaderSize = sizeof(int);

    /// <summary>Version, checksum, begin, until, commit number, cookie length.</summary>
    private const int CommitBodySize = sizeof(int) + 4 * sizeof(long) + sizeof(int);

    /// <summary>What the file holds after its newest commit metadata.</summary>
    /// <param name="End">The address after the last record that could be read (where Garnet's next record goes).</param>
    /// <param name="LastCommitUntil">What the last readable commit record says is committed (0: none found).</param>
    /// <param name="TornCommitAt">The address of a torn commit record that recovery would take for the newest, if any.</param>
    public sealed record Tail(long End, long LastCommitUntil, long? TornCommitAt);

    /// <summary>Reads the file's tail; null when the folder has no append-only file yet.</summary>
    public static Tail? Read(string dataDir)
    {
        var aofDir = Path.Combine(dataDir, "AOF");
        var address = NewestCommitUntil(aofDir) ?? FirstRecordAddress;
        if (!File.Exists(SegmentPath(aofDir, address)))
        {
            return null;
        }
        var lastCommitUntil = 0L;
        var end = address;
        FileStream? segment = null;
        var segmentIndex = -1L;
        Span<byte> header = stackalloc byte[RecordHeaderSize];
        Span<byte> commitBody = stackalloc byte[CommitBodySize];
        try
        {
            while (true)
            {
                if (address >> SegmentSizeBits != segmentIndex)
                {
                    segment?.Dispose();
                    segment = null;
                    segmentIndex = address >> SegmentSizeBits;
                    var path = SegmentPath(aofDir, address);
                    if (!File.Exists(path))
                    {
                        return new Tail(end, lastCommitUntil, null);
                    }
                    segment = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 20);
                }
                var offsetInPage = address & (PageSize - 1);
                var length = BinaryPrimitives.ReadInt32LittleEndian(ReadZeroPadded(segment!, address, header));
                if (length == 0)
                {
                    // Zeros at a page's start end the log; elsewhere they pad the page's end.
                    if (offsetInPage == 0)
                    {
                        return new Tail(end, lastCommitUntil, null);
                    }
                    address = NextPage(address);
                    continue;
                }
                var bodyLength = length == int.MinValue ? int.MaxValue : Math.Abs(length);
                var recordSize = RecordHeaderSize + (((long)bodyLength + 3) & ~3L);
                if (offsetInPage + recordSize > PageSize)
                {
                    // Not a record Tsavorite reads either: it ends recovery here, which needs no help.
                    return new Tail(end, lastCommitUntil, null);
                }
                if (length < 0 && bodyLength >= CommitBodySize)
                {
                    var commit = ReadCommit(ReadZeroPadded(segment!, address + RecordHeaderSize, commitBody));
                    if (commit is { } valid && valid.Until < address + RecordHeaderSize)
                    {
                        return new Tail(address, lastCommitUntil, address);
                    }
                    if (commit is null)
                    {
                        // Tsavorite rejects this record itself and recovers to the commit before it.
                        return new Tail(end, lastCommitUntil, null);
                    }
                    lastCommitUntil = commit.Value.Until;
                }
                end = address + recordSize;
                address = offsetInPage + recordSize == PageSize ? NextPage(address) : end;
            }
        }
        finally
        {
            segment?.Dispose();
        }
    }

    /// <summary>
    /// Clears a torn commit record at the tail (zeros from it to the end of its segment file, written through to the
    /// disk) and returns its address; null when there is none.
    /// </summary>
    public static long? ClearTornCommit(string dataDir)
    {
        if (Read(dataDir) is not { TornCommitAt: { } torn })
        {
            return null;
        }
        var aofDir = Path.Combine(dataDir, "AOF");
        using var segment = new FileStream(SegmentPath(aofDir, torn), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        segment.Position = OffsetInSegment(torn);
        segment.Write(new byte[segment.Length - segment.Position]);
        segment.Flush(flushToDisk: true);
        return torn;
    }

    /// <summary>Where the newest readable commit metadata file says the log is committed to; null when there is none.</summary>
    private static long? NewestCommitUntil(string aofDir)
    {
        var commitsDir = Path.Combine(aofDir, "log-commits");
        if (!Directory.Exists(commitsDir))
        {
            return null;
        }
        // Files are "commit.<number>.0" (the last part is the device's segment).
        var newestFirst = Directory.GetFiles(commitsDir, "commit.*")
            .Select(path => (Path: path, Number: long.TryParse(Path.GetFileName(path).Split('.')[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1))
            .Where(file => file.Number >= 0)
            .OrderByDescending(file => file.Number);
        foreach (var file in newestFirst)
        {
            var bytes = File.ReadAllBytes(file.Path);
            if (bytes.Length < sizeof(int) + CommitBodySize || BinaryPrimitives.ReadInt32LittleEndian(bytes) < CommitBodySize)
            {
                continue;
            }
            if (ReadCommit(bytes.AsSpan(sizeof(int), CommitBodySize)) is { } commit && commit.Until >= FirstRecordAddress)
            {
                return commit.Until;
            }
        }
        return null;
    }

    /// <summary>A commit record's fields when its checksum holds as Tsavorite computes it (without a cookie, as Garnet writes them).</summary>
    private static CommitRecord? ReadCommit(ReadOnlySpan<byte> body)
    {
        var version = BinaryPrimitives.ReadInt32LittleEndian(body);
        var checksum = BinaryPrimitives.ReadInt64LittleEndian(body[4..]);
        var begin = BinaryPrimitives.ReadInt64LittleEndian(body[12..]);
        var until = BinaryPrimitives.ReadInt64LittleEndian(body[20..]);
        var number = BinaryPrimitives.ReadInt64LittleEndian(body[28..]);
        var cookieLength = BinaryPrimitives.ReadInt32LittleEndian(body[36..]);
        var valid = version is 0 or 1 && cookieLength <= 0 && checksum == (begin ^ until ^ number ^ cookieLength) && !(version == 0 && begin == 0 && until == 0);
        return valid ? new CommitRecord(until) : null;
    }

    /// <summary>Reads at a log address; bytes past the end of the file read as zeros, as they do for Tsavorite.</summary>
    private static ReadOnlySpan<byte> ReadZeroPadded(FileStream segment, long address, Span<byte> buffer)
    {
        buffer.Clear();
        segment.Position = OffsetInSegment(address);
        segment.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer;
    }

    private static long NextPage(long address) => ((address >> PageSizeBits) + 1) << PageSizeBits;

    private static long OffsetInSegment(long address) => address & ((1L << SegmentSizeBits) - 1);

    private static string Megabytes(int sizeBits) => string.Create(CultureInfo.InvariantCulture, $"{(1L << sizeBits) >> 20}m");

    private static string SegmentPath(string aofDir, long address) =>
        Path.Combine(aofDir, $"aof.log.{(address >> SegmentSizeBits).ToString(CultureInfo.InvariantCulture)}");

    private readonly record struct CommitRecord(long Until);
}
