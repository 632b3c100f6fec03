using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aaba.Abstractions.Security;
using Aaba.Grains.Agents.Lead;
using Aaba.Grains.Security;
using Aaba.Grains.Storage;
using Aaba.Testing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using static Aaba.Testing.FakeOpenAiServer;

namespace Aaba.IntegrationTests.Security;

/// <summary>
/// Agent secrets are write-only and encrypted at rest, a run uses them, and they appear in no response, log line,
/// span, transcript, audit entry or error; a tenant's daily token budget stops model calls before they are made.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecretsTests(SecurityFixture fixture)
{
    private static readonly Lead PythonLead = new CatalogueLeadSource().Leads.First(l => l.Title.StartsWith("Senior Python developer", StringComparison.Ordinal));
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string NewSecret() => "sk-test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Answer() => JsonSerializer.Serialize(new
    {
        leads = new[] { new { title = PythonLead.Title, source = "upwork", url = PythonLead.Url, budget = "$40-60/hour", fit_score = 87, reason = "Python and Django." } },
        summary = "One strong Python lead.",
    });

    private async Task<string> SetModelKeyAsync(string secret)
    {
        using var response = await fixture.Admin.Http.PutAsJsonAsync($"/admin/agents/lead/secrets/{AgentSecretNames.ModelApiKey}", new { value = secret }, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    private async Task DeleteModelKeyAsync() =>
        (await fixture.Admin.Http.DeleteAsync($"/admin/agents/lead/secrets/{AgentSecretNames.ModelApiKey}", Cancellation)).Dispose();

    [Fact]
    public async Task A_runs_model_key_secret_is_used_and_found_in_no_response_log_span_transcript_audit_entry_or_error()
    {
        var secret = NewSecret();
        var seen = new List<string>();
        try
        {
            seen.Add(await SetModelKeyAsync(secret));
            seen.Add(await fixture.Admin.Http.GetStringAsync("/admin/agents/lead/secrets", Cancellation));
            Assert.Contains(AgentSecretNames.ModelApiKey, seen[^1], StringComparison.Ordinal);

            var user = await fixture.KeyAsync("secrets", "operator");
            fixture.OpenAi.Script(
                Reply.ToolCall("call_1", "get_lead", new { url = PythonLead.Url }),
                Reply.Answer(Answer()));
            var id = await user.Client.RunAsync("lead", """{"query":"python","limit":3}""");
            var task = await user.Client.WaitForTerminalAsync(id);
            seen.Add(task.GetRawText());
            Assert.True(task.GetProperty("status").GetString() == "succeeded", task.GetRawText());
            Assert.Equal("llm", task.GetProperty("result").GetProperty("mode").GetString());
            Assert.All(fixture.OpenAi.Requests, r => Assert.Equal($"Bearer {secret}", r.Authorization));
            seen.Add(await user.Client.Http.GetStringAsync($"/agents/status/{id}/transcript", Cancellation));
            seen.Add(await user.Client.Http.GetStringAsync($"/agents/status/{id}/events", Cancellation));

            // A rejected key fails the task with llm_auth, and the error does not quote it.
            var wrong = NewSecret();
            seen.Add(await SetModelKeyAsync(wrong));
            fixture.OpenAi.Script(Reply.Error(401));
            var failed = await user.Client.WaitForTerminalAsync(await user.Client.RunAsync("lead", """{"query":"python"}"""));
            seen.Add(failed.GetRawText());
            Assert.Equal("llm_auth", failed.GetProperty("error").GetProperty("code").GetString());
            seen.Add(await fixture.Admin.Http.GetStringAsync("/admin/audit?limit=200", Cancellation));

            // At rest it is ciphertext.
            var services = fixture.Factory.Services;
            var db = await services.GetRequiredService<AabaRedis>().GetDatabaseAsync();
            var stored = (string?)await db.HashGetAsync(services.GetRequiredService<SecurityKeys>().AgentSecrets("lead"), AgentSecretNames.ModelApiKey);
            Assert.NotNull(stored);
            seen.Add(stored!);

            foreach (var value in new[] { secret, wrong })
            {
                Assert.All(seen, text => Assert.DoesNotContain(value, text, StringComparison.Ordinal));
                Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(value, StringComparison.Ordinal));
                Assert.DoesNotContain(fixture.Spans.Spans, span => span.Contains(value, StringComparison.Ordinal));
            }
            Assert.NotEmpty(fixture.Logs.Lines);
        }
        finally
        {
            await DeleteModelKeyAsync();
        }
        // Without its secret (and with no OPENAI_API_KEY) the lead agent is offline again.
        var offline = await fixture.Admin.WaitForTerminalAsync(await fixture.Admin.RunAsync("lead", """{"query":"python"}"""));
        Assert.Equal("offline", offline.GetProperty("result").GetProperty("mode").GetString());
        Assert.Equal("[]", await fixture.Admin.Http.GetStringAsync("/admin/agents/lead/secrets", Cancellation));
    }

    [Fact]
    public async Task A_tenant_over_its_daily_token_budget_fails_with_budget_exhausted_before_calling_the_model()
    {
        var frugal = await fixture.KeyAsync(SecurityFixture.FrugalTenant, "operator");
        try
        {
            await SetModelKeyAsync(NewSecret());
            fixture.OpenAi.Script(
                Reply.ToolCall("call_1", "get_lead", new { url = PythonLead.Url }, promptTokens: 20, completionTokens: 5),
                Reply.Answer(Answer(), promptTokens: 60, completionTokens: 20));
            var spent = await frugal.Client.WaitForTerminalAsync(await frugal.Client.RunAsync("lead", """{"query":"python","limit":3}"""));
            Assert.Equal("succeeded", spent.GetProperty("status").GetString());

            fixture.OpenAi.Script();
            var refused = await frugal.Client.WaitForTerminalAsync(await frugal.Client.RunAsync("lead", """{"query":"python","limit":3}"""));

            Assert.Equal("failed", refused.GetProperty("status").GetString());
            Assert.Equal("budget_exhausted", refused.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(1, refused.GetProperty("attempts").GetInt32());
            Assert.Empty(fixture.OpenAi.Requests);
            Assert.Contains($"{SecurityFixture.FrugalBudget} tokens", refused.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

            // Another tenant's budget is its own.
            var other = await fixture.KeyAsync("spender", "operator");
            fixture.OpenAi.Script(Reply.ToolCall("call_1", "get_lead", new { url = PythonLead.Url }), Reply.Answer(Answer()));
            var fine = await other.Client.WaitForTerminalAsync(await other.Client.RunAsync("lead", """{"query":"python","limit":3}"""));
            Assert.Equal("succeeded", fine.GetProperty("status").GetString());
        }
        finally
        {
            await DeleteModelKeyAsync();
        }
    }

    [Fact]
    public async Task Secrets_written_before_a_key_rotation_still_decrypt_and_new_ones_use_the_new_key()
    {
        var services = fixture.Factory.Services;
        var store = services.GetRequiredService<AgentSecretStore>();
        var keys = services.GetRequiredService<SecurityKeys>();
        var db = await services.GetRequiredService<AabaRedis>().GetDatabaseAsync();
        var before = NewSecret();
        var after = NewSecret();
        using (var set = await fixture.Admin.Http.PutAsJsonAsync("/admin/agents/add/secrets/before_rotation", new { value = before }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
        var ringBefore = await db.ListLengthAsync(keys.DataProtectionKeys);

        var now = DateTimeOffset.UtcNow;
        services.GetRequiredService<IKeyManager>().CreateNewKey(now.AddSeconds(-1), now.AddDays(90));
        using (var set = await fixture.Admin.Http.PutAsJsonAsync("/admin/agents/add/secrets/after_rotation", new { value = after }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        // The new key is in the shared ring (Redis), so every silo can decrypt with it; Data Protection starts sealing with
        // it once it has been known for its propagation window (2 days), so no silo meets a key it has not loaded yet.
        Assert.True(await db.ListLengthAsync(keys.DataProtectionKeys) > ringBefore, "The new key is in the ring in Redis.");
        var ring = services.GetRequiredService<IKeyManager>().GetAllKeys();
        var sealedBy = KeyIdOf(await StoredAsync("before_rotation"));
        Assert.Contains(ring, k => k.KeyId == sealedBy);
        Assert.True(ring.Count >= 2);
        Assert.Equal(before, await store.GetAsync("add", "before_rotation"));
        Assert.Equal(after, await store.GetAsync("add", "after_rotation"));
        (await fixture.Admin.Http.DeleteAsync("/admin/agents/add/secrets/before_rotation", Cancellation)).Dispose();
        (await fixture.Admin.Http.DeleteAsync("/admin/agents/add/secrets/after_rotation", Cancellation)).Dispose();

        async Task<string> StoredAsync(string name)
        {
            using var json = JsonDocument.Parse((string)(await db.HashGetAsync(keys.AgentSecrets("add"), name))!);
            return json.RootElement.GetProperty("value").GetString()!;
        }
    }

    /// <summary>A Data Protection payload starts with a 4-byte magic header and the 16-byte id of the key that sealed it.</summary>
    private static Guid KeyIdOf(string payload)
    {
        var base64 = payload.Replace('-', '+').Replace('_', '/');
        var bytes = Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
        return new Guid(bytes.AsSpan(4, 16));
    }

    [Fact]
    public async Task Secret_routes_refuse_bad_names_unknown_agents_and_bad_values_with_4xx()
    {
        foreach (var (path, body, status) in new[]
        {
            ("/admin/agents/lead/secrets/Bad%20Name", """{"value":"x"}""", HttpStatusCode.BadRequest),
            ("/admin/agents/lead/secrets/..%2F..%2Fetc", """{"value":"x"}""", HttpStatusCode.BadRequest),
            ("/admin/agents/lead/secrets/ok%00name", """{"value":"x"}""", HttpStatusCode.BadRequest),
            ("/admin/agents/nobody/secrets/token", """{"value":"x"}""", HttpStatusCode.NotFound),
            ("/admin/agents/lead/secrets/token", """{"value":""}""", HttpStatusCode.BadRequest),
            ("/admin/agents/lead/secrets/token", """{"value":42}""", HttpStatusCode.BadRequest),
            ("/admin/agents/lead/secrets/token", "{}", HttpStatusCode.BadRequest),
        })
        {
            using var response = await fixture.Admin.Http.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancellation);
            Assert.True(response.StatusCode == status, $"PUT {path} {body} answered {(int)response.StatusCode}, expected {(int)status}");
        }
    }
}
