using System.Buffers.Binary;
using Aaba.Hosting;
using Aaba.Testing;
using StackExchange.Redis;

namespace Aaba.IntegrationTests.Hosting;

/// <summary>
/// The embedded store after a kill -9 that tore the commit record it was writing: the record's length and version reached
/// the disk, the rest reads as zeros. Garnet alone recovered nothing from such a file (every task of the CI run that met
/// it answered 404 after the restart); what was committed before the torn record must all come back.
/// </summary>
public sealed class EmbeddedGarnetRecoveryTests
{
    private const int Keys = 500;

    [Fact]
    public async Task A_commit_record_torn_by_a_kill_loses_nothing_that_was_committed_before_it()
    {
        using var data = new TestDirectory("garnet-torn");
        var options = new EmbeddedRedisOptions { DataDir = data.Path };
        Assert.Null(AppendOnlyFileTail.Read(data.Path));

        using (var garnet = EmbeddedGarnet.Start(options))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(garnet.ConnectionString);
            var db = redis.GetDatabase();
            await Task.WhenAll(Enumerable.Range(0, Keys).Select(i => db.StringSetAsync($"key:{i}", $"value:{i}")));
            // A Lua script, as Aaba's task store writes: one transaction in the file.
            await db.ScriptEvaluateAsync("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('HSET', KEYS[2], 'f', ARGV[1])", ["script:key", "script:hash"], ["done"]);
            await garnet.WaitForCommitAsync();
        }

        var tail = AppendOnlyFileTail.Read(data.Path);
        Assert.NotNull(tail);
        Assert.True(tail.LastCommitUntil > 64, $"No commit found in the file: {tail}");
        TearACommitRecordAt(Path.Combine(data.Path, "AOF", "aof.log.0"), tail.End);
        Assert.Equal(tail.End, AppendOnlyFileTail.Read(data.Path)?.TornCommitAt);

        using (var garnet = EmbeddedGarnet.Start(options))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"{garnet.ConnectionString},allowAdmin=true");
            var db = redis.GetDatabase();
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var values = await Task.WhenAll(Enumerable.Range(0, Keys).Select(i => db.StringGetAsync($"key:{i}")));
            Assert.Multiple(
                () => Assert.Equal(Keys + 2, server.DatabaseSize()),
                () => Assert.Equal(Enumerable.Range(0, Keys).Select(i => $"value:{i}"), values.Select(value => (string?)value)),
                () => Assert.Equal("done", (string?)db.HashGet("script:hash", "f")));
        }
        Assert.Null(AppendOnlyFileTail.Read(data.Path)?.TornCommitAt);
    }

    [Fact]
    public async Task A_file_without_a_torn_record_is_left_as_it_is()
    {
        using var data = new TestDirectory("garnet-whole");
        var options = new EmbeddedRedisOptions { DataDir = data.Path };
        using (var garnet = EmbeddedGarnet.Start(options))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(garnet.ConnectionString);
            await redis.GetDatabase().StringSetAsync("key", "value");
            await garnet.WaitForCommitAsync();
        }
        var file = Path.Combine(data.Path, "AOF", "aof.log.0");
        var before = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);

        Assert.Null(AppendOnlyFileTail.ClearTornCommit(data.Path));
        Assert.Equal(before, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
    }

    /// <summary>What a kill leaves when it lands between two sectors of a commit record: its length and version, then zeros.</summary>
    private static void TearACommitRecordAt(string segmentFile, long address)
    {
        Span<byte> start = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(start, -40);
        BinaryPrimitives.WriteInt32LittleEndian(start[4..], 1);
        using var segment = new FileStream(segmentFile, FileMode.Open, FileAccess.Write);
        segment.Position = address;
        segment.Write(start);
    }
}
