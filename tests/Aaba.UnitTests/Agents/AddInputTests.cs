using Aaba.Grains.Agents.Add;

namespace Aaba.UnitTests.Agents;

public sealed class AddInputTests
{
    [Fact]
    public void X_and_y_are_read_and_the_delay_defaults_to_zero()
    {
        var errors = AddInput.Read("""{"x":1.5,"y":-2}""", out var input);

        Assert.Empty(errors);
        Assert.Equal(new AddInput(1.5, -2, 0), input);
    }

    [Theory]
    [InlineData("""{"x":0,"y":0,"delay_ms":0}""", 0)]
    [InlineData("""{"x":0,"y":0,"delay_ms":60000}""", 60_000)]
    [InlineData("""{"x":0,"y":0,"delay_ms":null}""", 0)]
    [InlineData("""{"x":0,"y":0,"delay_ms":250}""", 250)]
    public void The_delay_is_read_within_bounds(string json, int delayMs)
    {
        var errors = AddInput.Read(json, out var input);

        Assert.Empty(errors);
        Assert.Equal(delayMs, input?.DelayMs);
    }

    [Fact]
    public void Large_and_exponent_numbers_are_numbers()
    {
        var errors = AddInput.Read("""{"x":1e300,"y":-2.5E-3}""", out var input);

        Assert.Empty(errors);
        Assert.Equal(1e300, input?.X);
        Assert.Equal(-0.0025, input?.Y);
    }

    [Theory]
    [InlineData("""{"y":2}""", "x")]
    [InlineData("""{"x":1}""", "y")]
    [InlineData("""{"x":null,"y":2}""", "x")]
    [InlineData("""{"x":"1","y":2}""", "x")]
    [InlineData("""{"x":true,"y":2}""", "x")]
    [InlineData("""{"x":1,"y":[2]}""", "y")]
    [InlineData("""{"x":1,"y":{"value":2}}""", "y")]
    [InlineData("""{"x":1,"y":2,"delay_ms":60001}""", "delay_ms")]
    [InlineData("""{"x":1,"y":2,"delay_ms":-1}""", "delay_ms")]
    [InlineData("""{"x":1,"y":2,"delay_ms":1.5}""", "delay_ms")]
    [InlineData("""{"x":1,"y":2,"delay_ms":"100"}""", "delay_ms")]
    [InlineData("""{"x":1,"y":2,"delay_ms":99999999999}""", "delay_ms")]
    [InlineData("""{"x":1,"y":2,"z":3}""", "z")]
    [InlineData("""{"x":1,"y":2,"X":3}""", "X")]
    [InlineData("""[1,2]""", "$")]
    [InlineData("""3""", "$")]
    [InlineData("""{"x":1,""", "$")]
    [InlineData("", "$")]
    public void Each_bad_field_is_named_alone(string json, string field)
    {
        var errors = AddInput.Read(json, out var input);

        Assert.Null(input);
        Assert.Equal([field], errors.Keys);
        Assert.All(errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var errors = AddInput.Read("""{"x":"one","delay_ms":99999999,"z":1}""", out var input);

        Assert.Null(input);
        Assert.Equal(["delay_ms", "x", "y", "z"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["This field is required."], errors["y"]);
        Assert.Equal(["Must be between 0 and 60000."], errors["delay_ms"]);
    }
}
