using System.Globalization;
using Aaba.Abstractions.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Aaba.UnitTests.Agents;

public sealed class TaskIdTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_id_is_a_v7_guid_stamped_with_the_clock_time()
    {
        var time = new FakeTimeProvider(Start);

        var id = TaskId.New(time);

        Assert.Equal(7, id.Value.Version);
        var text = id.ToString();
        var milliseconds = long.Parse(text.Replace("-", "", StringComparison.Ordinal)[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), milliseconds);
    }

    [Fact]
    public void The_text_form_is_lower_case_with_dashes_and_round_trips()
    {
        var id = TaskId.New(new FakeTimeProvider(Start));

        var text = id.ToString();

        Assert.Equal(id.Value.ToString("D"), text);
        Assert.Equal(36, text.Length);
        Assert.Equal(text.ToLowerInvariant(), text);
        Assert.Equal(id, TaskId.Parse(text));
        Assert.True(TaskId.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
    }

    [Fact]
    public void Thirty_two_hex_digits_and_upper_case_also_parse()
    {
        var id = TaskId.New(new FakeTimeProvider(Start));

        Assert.Equal(id, TaskId.Parse(id.Value.ToString("N")));
        Assert.Equal(id, TaskId.Parse(id.ToString().ToUpperInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-a-task-id")]
    [InlineData("task/0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b")]
    [InlineData("0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7")]
    [InlineData("0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7bb")]
    [InlineData("{0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b}")]
    [InlineData("0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7z")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("0190a5b2-7c3d-4e4f-8a1b-2c3d4e5f6a7b")]
    public void Garbage_and_other_guid_versions_are_rejected(string? text)
    {
        Assert.False(TaskId.TryParse(text, out var id));
        Assert.Equal(default, id);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => TaskId.Parse(text));
        }
    }

    [Fact]
    public void The_control_v7_id_of_the_rejection_cases_parses()
    {
        Assert.True(TaskId.TryParse("0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b", out var id));
        Assert.Equal(7, id.Value.Version);
    }

    [Fact]
    public void A_random_v4_guid_is_rejected()
    {
        var v4 = Guid.NewGuid();

        Assert.Equal(4, v4.Version);
        Assert.False(TaskId.TryParse(v4.ToString(), out _));
        Assert.False(TaskId.TryParse(v4.ToString("N"), out _));
    }

    [Fact]
    public void Ids_made_later_sort_after_earlier_ones()
    {
        var time = new FakeTimeProvider(Start);
        var ids = new List<string>();
        foreach (var step in new[] { TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromDays(400), TimeSpan.FromMilliseconds(1) })
        {
            for (var i = 0; i < 25; i++)
            {
                ids.Add(TaskId.New(time).ToString());
                time.Advance(step);
            }
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_differ()
    {
        var time = new FakeTimeProvider(Start);

        var ids = Enumerable.Range(0, 100).Select(_ => TaskId.New(time)).ToHashSet();

        Assert.Equal(100, ids.Count);
    }

    [Fact]
    public void An_id_knows_the_millisecond_it_was_made_in()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 30, 15, 123, TimeSpan.Zero);

        Assert.Equal(at, TaskId.New(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at.AddTicks(4321))).CreatedAt);
    }
}
