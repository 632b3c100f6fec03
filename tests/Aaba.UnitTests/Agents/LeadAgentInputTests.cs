using Aaba.Grains.Agents.Lead;

namespace Aaba.UnitTests.Agents;

public sealed class LeadAgentInputTests
{
    [Fact]
    public void Only_a_query_gives_all_boards_and_a_limit_of_10()
    {
        var errors = LeadAgentInput.Read("""{"query":"python"}""", out var query);

        Assert.Empty(errors);
        Assert.NotNull(query);
        Assert.Equal("python", query.Query);
        Assert.Empty(query.Sources);
        Assert.Equal(10, query.Limit);
        Assert.Equal(LeadAgentInput.DefaultLimit, query.Limit);
    }

    [Fact]
    public void Every_field_is_read_the_query_trimmed_and_repeated_boards_kept_once()
    {
        var errors = LeadAgentInput.Read("""{"query":"  python django ","sources":["linkedin","upwork","linkedin"],"limit":50}""", out var query);

        Assert.Empty(errors);
        Assert.NotNull(query);
        Assert.Equal("python django", query.Query);
        Assert.Equal(["linkedin", "upwork"], query.Sources);
        Assert.Equal(50, query.Limit);
    }

    [Theory]
    [InlineData("""{"query":"a","limit":1}""")]
    [InlineData("""{"query":"python","limit":null,"sources":null}""")]
    [InlineData("""{"query":"python","sources":["upwork","freelancer","linkedin"]}""")]
    public void Boundary_and_null_values_are_accepted(string json)
    {
        var errors = LeadAgentInput.Read(json, out var query);

        Assert.Empty(errors);
        Assert.NotNull(query);
    }

    [Fact]
    public void A_query_of_exactly_200_characters_is_accepted()
    {
        var text = new string('q', LeadAgentInput.MaxQueryLength);

        var errors = LeadAgentInput.Read($$"""{"query":"{{text}}"}""", out var query);

        Assert.Empty(errors);
        Assert.Equal(text, query?.Query);
    }

    [Theory]
    [InlineData("""{}""", "query")]
    [InlineData("""{"query":null}""", "query")]
    [InlineData("""{"query":""}""", "query")]
    [InlineData("""{"query":"   "}""", "query")]
    [InlineData("""{"query":42}""", "query")]
    [InlineData("""{"query":["python"]}""", "query")]
    [InlineData("""{"query":"python","limit":0}""", "limit")]
    [InlineData("""{"query":"python","limit":51}""", "limit")]
    [InlineData("""{"query":"python","limit":-3}""", "limit")]
    [InlineData("""{"query":"python","limit":2.5}""", "limit")]
    [InlineData("""{"query":"python","limit":"5"}""", "limit")]
    [InlineData("""{"query":"python","sources":"upwork"}""", "sources")]
    [InlineData("""{"query":"python","sources":[]}""", "sources")]
    [InlineData("""{"query":"python","sources":["monster"]}""", "sources")]
    [InlineData("""{"query":"python","sources":["Upwork"]}""", "sources")]
    [InlineData("""{"query":"python","sources":[1]}""", "sources")]
    [InlineData("""{"query":"python","max":5}""", "max")]
    [InlineData("""[]""", "$")]
    [InlineData("""{"query":""", "$")]
    public void Each_bad_field_is_named_alone(string json, string field)
    {
        var errors = LeadAgentInput.Read(json, out var query);

        Assert.Null(query);
        Assert.Equal([field], errors.Keys);
        Assert.All(errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void A_201_character_query_is_too_long()
    {
        var errors = LeadAgentInput.Read($$"""{"query":"{{new string('q', LeadAgentInput.MaxQueryLength + 1)}}"}""", out var query);

        Assert.Null(query);
        Assert.Equal(["query"], errors.Keys);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var errors = LeadAgentInput.Read("""{"query":"","sources":["nope"],"limit":99,"page":2,"sort":"new"}""", out var query);

        Assert.Null(query);
        Assert.Equal(["limit", "page", "query", "sort", "sources"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_schema_is_described_by_the_same_reading_that_validates()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(LeadAgentInput.Schema);
        var root = schema.RootElement;
        var properties = root.GetProperty("properties");

        Assert.Equal(["query"], root.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["query", "sources", "limit"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(LeadAgentInput.MaxQueryLength, properties.GetProperty("query").GetProperty("maxLength").GetInt32());
        Assert.Equal(LeadAgentInput.MaxLimit, properties.GetProperty("limit").GetProperty("maximum").GetInt32());
        Assert.Equal(LeadAgentInput.DefaultLimit, properties.GetProperty("limit").GetProperty("default").GetInt32());
        Assert.Equal(LeadSources.All, properties.GetProperty("sources").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        // Every field the schema names is read, and nothing else is allowed.
        Assert.Empty(LeadAgentInput.Read("""{"query":"q","sources":["upwork"],"limit":50}""", out _));
        Assert.Contains("other", LeadAgentInput.Read("""{"query":"q","other":1}""", out _).Keys);
        Assert.Contains("limit", LeadAgentInput.Read("""{"query":"q","limit":51}""", out _).Keys);
    }
}
