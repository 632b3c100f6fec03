using Aaba.Abstractions;

namespace Aaba.UnitTests.Tasks;

public sealed class BackoffTests
{
    private static readonly Backoff Backoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1000)]
    [InlineData(40, 1000)]
    public void The_window_doubles_up_to_the_max_and_a_random_half_of_it_is_waited(int retry, double windowMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(windowMs / 2), Backoff.Delay(retry, jitter: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(windowMs), Backoff.Delay(retry, jitter: 1));
        Assert.InRange(Backoff.Delay(retry), TimeSpan.FromMilliseconds(windowMs / 2), TimeSpan.FromMilliseconds(windowMs));
    }

    [Fact]
    public void Out_of_range_inputs_stay_within_the_window()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(50), Backoff.Delay(-3, jitter: -1));
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(int.MaxValue, jitter: 7));
    }
}
