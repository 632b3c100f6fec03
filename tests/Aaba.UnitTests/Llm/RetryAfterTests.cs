using Aaba.Grains.Agents.Lead.Llm;

namespace Aaba.UnitTests.Llm;

public sealed class RetryAfterTests
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "2", 2000)]
    [InlineData(null, "0", 0)]
    [InlineData(null, "1e20", 30000)]
    [InlineData(null, "86400", 30000)]
    [InlineData("250", "9", 250)]
    [InlineData("1e30", null, 30000)]
    [InlineData(null, "Tue, 01 Dec 2026 12:00:05 GMT", 5000)]
    [InlineData(null, "Tue, 01 Dec 2026 11:00:00 GMT", 0)]
    [InlineData(null, "Fri, 31 Dec 9999 23:59:59 GMT", 30000)]
    public void A_usable_request_is_honoured_within_the_maximum(string? ms, string? seconds, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfter.Requested(ms, seconds, Max, Now));

    [Theory]
    [InlineData(null, "-3")]
    [InlineData(null, "NaN")]
    [InlineData(null, "Infinity")]
    [InlineData(null, "soon")]
    [InlineData("-500", null)]
    [InlineData(null, null)]
    public void A_negative_or_meaningless_request_falls_back_to_backoff(string? ms, string? seconds)
    {
        Assert.Null(RetryAfter.Requested(ms, seconds, Max, Now));
        var delay = RetryAfter.Delay(ms, seconds, retry: 2, Max, Now);
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Backoff_never_exceeds_the_maximum_however_many_retries()
    {
        Assert.InRange(RetryAfter.Delay(null, null, retry: 1000, Max, Now), TimeSpan.Zero, Max);
    }
}
