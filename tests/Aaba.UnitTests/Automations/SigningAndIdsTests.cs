using System.Text.Json.Nodes;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Agents.Crm;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Aaba.UnitTests.Automations;

/// <summary>Standard Webhooks signing as the library does it (checked against the specification's test vector), and the ids that make retries and resumes safe.</summary>
public sealed class SigningAndIdsTests
{
    [Fact]
    public void Signing_matches_the_standard_webhooks_test_vector()
    {
        // From the Standard Webhooks specification's reference libraries.
        var webhook = new StandardWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var signature = webhook.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), """{"test": 2432232314}""");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void The_verifier_accepts_a_fresh_signature_and_refuses_a_tampered_body()
    {
        var webhook = new StandardWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var now = DateTimeOffset.UtcNow;
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = webhook.Sign("msg_1", now, """{"a":1}"""),
        };
        webhook.Verify("""{"a":1}""", headers);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => webhook.Verify("""{"a":2}""", headers));
    }

    [Fact]
    public void A_derived_task_id_is_a_uuid7_with_the_given_time_and_the_same_for_the_same_seed()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, 123, TimeSpan.Zero);
        var one = TaskId.Deterministic(at, "parent/step/1/item/3");
        Assert.Equal(one, TaskId.Deterministic(at, "parent/step/1/item/3"));
        Assert.NotEqual(one, TaskId.Deterministic(at, "parent/step/1/item/4"));
        Assert.Equal(7, one.Value.Version);
        Assert.Equal(at, one.CreatedAt);
        Assert.True(TaskId.TryParse(one.ToString(), out _));
    }

    [Fact]
    public void A_lead_keeps_its_webhook_id_across_retries_of_one_task_and_differs_between_leads_and_tasks()
    {
        var task = TaskId.Deterministic(DateTimeOffset.UnixEpoch.AddDays(20000), "t");
        var lead = new JsonObject { ["id"] = "lead-1", ["title"] = "x" };
        Assert.Equal(CrmAgent.MessageId(task, lead), CrmAgent.MessageId(task, (JsonObject)lead.DeepClone()));
        Assert.NotEqual(CrmAgent.MessageId(task, lead), CrmAgent.MessageId(task, new JsonObject { ["id"] = "lead-2" }));
        Assert.NotEqual(CrmAgent.MessageId(task, lead), CrmAgent.MessageId(TaskId.Deterministic(DateTimeOffset.UnixEpoch.AddDays(20000), "u"), lead));
    }
}
