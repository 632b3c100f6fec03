using Aaba.Grains.Agents.Lead.Llm;

namespace Aaba.UnitTests.Llm;

public sealed class LeadAnswerTests
{
    [Fact]
    public void A_fenced_answer_with_extra_fields_and_a_numeric_string_score_is_read()
    {
        const string text = """
            Here you go:
            ```json
            {"leads":[{"url":" https://x/1 ","title":"ignored","fit_score":"87","reason":"Fits."}],"summary":"One."}
            ```
            """;

        Assert.True(LeadAnswer.TryParse(text, out var answer, out var problem), problem);
        var pick = Assert.Single(answer!.Leads);
        Assert.Equal("https://x/1", pick.Url);
        Assert.Equal(87, pick.FitScore);
        Assert.Equal("One.", answer.Summary);
    }

    [Theory]
    [InlineData("", "the answer was empty")]
    [InlineData("Sure! Here are some leads", "it is not a JSON object")]
    [InlineData("""{"leads": [{"url": "https://x""", "it is not a JSON object")]
    [InlineData("""{"summary":"s"}""", "'leads' is missing")]
    [InlineData("""{"leads":"none"}""", "'leads' must be a list")]
    [InlineData("""{"leads":[3]}""", "leads[0] is not an object")]
    [InlineData("""{"leads":[{"fit_score":3}]}""", "leads[0].url is missing")]
    [InlineData("""{"leads":[{"url":"u","fit_score":"high"}]}""", "leads[0].fit_score is missing or not a number")]
    [InlineData("""{"leads":[{"url":"u","fit_score":101}]}""", "leads[0].fit_score must be from 0 to 100")]
    public void Problems_are_named_in_plain_words(string text, string expected)
    {
        Assert.False(LeadAnswer.TryParse(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }
}
