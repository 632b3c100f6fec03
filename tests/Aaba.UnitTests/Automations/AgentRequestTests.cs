using System.Text.Json.Nodes;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Http;
using Aaba.Api.Agents;

namespace Aaba.UnitTests.Automations;

/// <summary>
/// One way from a registration request to an <see cref="AgentRegistration"/>: the API's JSON body and the .NET
/// client's <see cref="AgentRequest"/> meet in <see cref="AgentRequest.ToRegistration"/>, and the API reports its
/// JSON shape problems with those of the request, all at once.
/// </summary>
public sealed class AgentRequestTests
{
    [Fact]
    public void A_request_becomes_the_registration_the_api_builds_from_the_same_json()
    {
        var request = new AgentRequest("llm", "Summarizes.", TimeoutS: 60, Retry: new RetryResponse(3, 1, 30, ["llm_unavailable"]), MaxConcurrency: 4,
            Config: new RawJson("""{"system_prompt":"x"}"""));
        var body = JsonNode.Parse("""{"kind":"llm","description":"Summarizes.","timeout_s":60,"retry":{"max_attempts":3,"initial_delay_s":1,"max_delay_s":30,"on":["llm_unavailable"]},"max_concurrency":4,"config":{"system_prompt":"x"}}""")!.AsObject();

        var fromRequest = request.ToRegistration("summarizer");
        var (fromJson, errors) = AgentRegistryEndpoints.Read("summarizer", body);

        Assert.Empty(errors);
        Assert.Equal(fromRequest with { Retry = null }, fromJson! with { Retry = null });
        Assert.Equal((3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), (fromJson.Retry!.MaxAttempts, fromJson.Retry.InitialDelay, fromJson.Retry.MaxDelay));
        Assert.Equal(fromRequest.Retry!.TransientErrorCodes, fromJson.Retry.TransientErrorCodes);
        Assert.Equal(TimeSpan.FromSeconds(60), fromRequest.DefaultTimeout);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_by_field()
    {
        var invalid = Assert.Throws<InvalidAgentException>(() =>
            new AgentRequest(null!, Retry: new RetryResponse(2, -1, 1e12, [])).ToRegistration("Kinds"));
        var (registration, errors) = AgentRegistryEndpoints.Read("kinds", JsonNode.Parse("""{"kind":5,"timeout_s":"soon","max_concurrency":1.5,"retry":{"initial_delay_s":-1},"extra":1}""")!.AsObject());

        Assert.Equal(["kind", "name", "retry"], invalid.Errors.Keys.Order());
        Assert.Null(registration);
        Assert.Equal(["extra", "kind", "max_concurrency", "name", "retry", "timeout_s"], errors.Keys.Order());
        Assert.Equal(["Must be a string."], errors["kind"]);
        Assert.Equal(TimeSpan.Zero, new AgentRequest("llm", TimeoutS: double.NaN).ToRegistration("a").DefaultTimeout);
    }
}
