using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aaba.Grains.Agents;
using Aaba.Grains.Agents.Lead;
using Aaba.Testing;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Aaba.Testing.FakeOpenAiServer;
using static Microsoft.Playwright.Assertions;

namespace Aaba.IntegrationTests.Console;

/// <summary>
/// The console in a real browser (Debian's Chromium under Playwright) against the security fixture's API, which
/// requires keys: sign in, find a failed task by filter and read its error and transcript, watch a running task's
/// events arrive, cancel and re-run, a reader without buttons, another tenant's task unseen, a phone-width screen,
/// sign-out and revocation. One browser for the class; a fresh context (no cookies) per sign-in.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class ConsoleBrowserTests(SecurityFixture fixture, ConsoleBrowser chromium) : IClassFixture<ConsoleBrowser>
{
    private static readonly Lead[] PythonLeads = [.. new CatalogueLeadSource().Leads.Where(l => l.Title.Contains("Python", StringComparison.Ordinal)).Take(2)];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Uri Api => fixture.Admin.Http.BaseAddress!;

    private static string NewTenant(string what) => $"console-{what}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    private async Task<IPage> SignedInPageAsync(TestKey key, int width = 1280, int height = 900)
    {
        var page = await chromium.NewPageAsync(Api, width, height);
        await page.GotoAsync("/console/");
        await page.GetByLabel("API key").FillAsync(key.Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Signs_in_finds_a_failed_task_by_filter_and_reads_its_error_and_transcript()
    {
        var tenant = NewTenant("failed");
        var user = await fixture.CreateKeyAsync(tenant, "operator");
        var ok = await user.Client.RunAsync("add", """{"x":1,"y":2}""");
        string failed;
        await SetModelKeyAsync();
        try
        {
            // The model searches, then the provider refuses the key: llm_auth, with the search in the transcript.
            fixture.OpenAi.Script(Reply.ToolCall("call_1", "search_leads", new { query = "python", limit = 3 }), Reply.Error(401));
            failed = await user.Client.RunAsync("lead", """{"query":"python","limit":3}""");
            Assert.Equal("failed", (await user.Client.WaitForTerminalAsync(failed)).GetProperty("status").GetString());
        }
        finally
        {
            await DeleteModelKeyAsync();
        }
        await user.Client.WaitForTerminalAsync(ok);
        var page = await SignedInPageAsync(user);

        await page.GetByRole(AriaRole.Link, new() { Name = "Tasks", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tasks", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("failed");
        await page.GetByLabel("Agent", new() { Exact = true }).SelectOptionAsync("lead");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        var rows = page.Locator("table.tasks tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-task-id", failed);
        Assert.Contains("status=failed", page.Url, StringComparison.Ordinal);
        await rows.First.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/console/tasks/{failed}$"));
        await Expect(page.Locator(".error-card")).ToContainTextAsync("llm_auth");
        var transcript = page.Locator(".conversation");
        await Expect(transcript.Locator("li[data-type=system]")).ToHaveCountAsync(1);
        await Expect(transcript.Locator("li[data-type=user]")).ToContainTextAsync("python");
        await Expect(transcript.Locator("li[data-type=assistant]").First).ToContainTextAsync("100 prompt + 20 completion tokens");
        await Expect(transcript.Locator("li[data-type=tool_call]")).ToContainTextAsync("search_leads");
        await Expect(transcript.Locator("li[data-type=tool_call]")).ToContainTextAsync("\"query\": \"python\"");
        await Expect(transcript.Locator("li[data-type=tool_result]")).ToContainTextAsync("search_leads");
        await Expect(transcript.Locator("li[data-type=error]").Last).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Watches_a_running_tasks_events_arrive_live_then_cancels_one_and_reruns_it()
    {
        var user = await fixture.CreateKeyAsync(NewTenant("live"), "operator");
        var page = await SignedInPageAsync(user);

        // Run it from the Agents page: the form checks the input against the schema before sending it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Agents", Exact = true }).ClickAsync();
        var form = page.Locator("form.run-form[aria-label='Run add']");
        await form.GetByLabel("x (required)").FillAsync("2");
        await form.GetByLabel("delay_ms").FillAsync("4000");
        await form.GetByRole(AriaRole.Button, new() { Name = "Run add" }).ClickAsync();
        await Expect(form.GetByLabel("y (required)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator(".field-error").Filter(new() { HasText = "Required." })).ToHaveCountAsync(1);
        await form.GetByLabel("y (required)").FillAsync("3");
        await form.GetByRole(AriaRole.Button, new() { Name = "Run add" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/tasks/[0-9a-f-]{36}$"));
        var quick = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        Assert.Equal("""{"x":2,"y":3,"delay_ms":4000}""", (await user.Client.GetTaskAsync(quick))!.Value.GetProperty("input").GetRawText());
        // Shown running, then the terminal event arrives over the open stream: no reload, no click.
        await Expect(page.Locator(".status-line .badge")).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.Locator("ol.events li[data-type=status] .badge[data-status=running]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("ol.events .badge[data-status=succeeded]").CountAsync());
        await Expect(page.Locator("ol.events .badge[data-status=succeeded]")).ToBeVisibleAsync();
        await Expect(page.Locator(".status-line .badge")).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(page.Locator(".stream-state")).ToContainTextAsync("Finished: succeeded");
        await Expect(page.Locator("#h-result + pre")).ToContainTextAsync("\"sum\": 5");

        var slow = await user.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":60000}""");
        await page.GotoAsync($"/console/tasks/{slow}");
        await Expect(page.Locator(".status-line .badge")).ToHaveAttributeAsync("data-status", "running");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel task" }).ClickAsync();
        await Expect(page.Locator(".status-line .badge")).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(page.Locator("ol.events .badge[data-status=cancelled]")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel task" })).ToHaveCountAsync(0);
        Assert.Equal("cancelled", (await user.Client.GetTaskAsync(slow))!.Value.GetProperty("status").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Re-run with the same input" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/console/tasks/[0-9a-f-]{{36}}\\?rerun_of={slow}$"));
        await Expect(page.GetByText("A re-run of")).ToBeVisibleAsync();
        var rerun = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        Assert.NotEqual(slow, rerun);
        var copy = (await user.Client.GetTaskAsync(rerun))!.Value;
        Assert.Equal("""{"x":1,"y":1,"delay_ms":60000}""", copy.GetProperty("input").GetRawText());
        (await user.Client.Http.PostAsync($"/agents/status/{rerun}/cancel", null, Cancellation)).Dispose();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reader_sees_no_cancel_or_run_buttons_and_another_tenant_sees_nothing()
    {
        var tenant = NewTenant("reader");
        var operatorKey = await fixture.CreateKeyAsync(tenant, "operator");
        var reader = await fixture.CreateKeyAsync(tenant, "reader");
        var stranger = await fixture.CreateKeyAsync(NewTenant("stranger"), "admin");
        var id = await operatorKey.Client.RunAsync("add", """{"x":1,"y":1,"delay_ms":60000}""");
        try
        {
            var page = await SignedInPageAsync(reader);
            await Expect(page.Locator("#who")).ToContainTextAsync("reader");
            await page.GotoAsync($"/console/tasks/{id}");
            await Expect(page.Locator(".status-line .badge")).ToHaveAttributeAsync("data-status", "running");
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Cancel task" }).CountAsync());
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Re-run with the same input" }).CountAsync());
            await page.GetByRole(AriaRole.Link, new() { Name = "Agents", Exact = true }).ClickAsync();
            await Expect(page.Locator("section.agent[data-agent=add]")).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("form.run-form").CountAsync());
            await Expect(page.GetByText("running needs an operator key")).ToBeVisibleAsync();
            await page.Context.CloseAsync();

            // Even an admin of another tenant finds nothing: the task page says not found, the listing lacks it.
            var other = await SignedInPageAsync(stranger);
            await other.GotoAsync($"/console/tasks/{id}");
            await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Task not found" })).ToBeVisibleAsync();
            await other.GotoAsync("/console/tasks");
            await Expect(other.GetByText("No task matches these filters")).ToBeVisibleAsync();
            await other.Context.CloseAsync();
        }
        finally
        {
            (await operatorKey.Client.Http.PostAsync($"/agents/status/{id}/cancel", null, Cancellation)).Dispose();
        }
    }

    [Fact]
    public async Task At_phone_width_it_signs_in_by_keyboard_keeps_the_key_out_of_the_page_and_ends_on_sign_out_and_on_revocation()
    {
        var key = await fixture.CreateKeyAsync(NewTenant("phone"), "operator");
        var id = await key.Client.RunAsync("add", """{"x":1,"y":1}""");
        await key.Client.WaitForTerminalAsync(id);
        var page = await chromium.NewPageAsync(Api, 390, 844);
        await page.GotoAsync("/console/tasks");
        await Expect(page.GetByLabel("API key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(key.Secret);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#who")).ToContainTextAsync("operator");

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "aaba_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(key.Secret, cookie.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, await page.ContentAsync(), StringComparison.Ordinal);

        foreach (var path in new[] { "/console/", "/console/tasks", $"/console/tasks/{id}", "/console/agents" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await Expect(page.Locator("main [aria-busy=true]")).ToHaveCountAsync(0);
            Assert.DoesNotContain(key.Secret, page.Url, StringComparison.Ordinal);
            // Nothing wider than the phone: wide tables scroll inside their own box.
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{path} is wider than 390 px");
            // Every form control is labelled.
            var unlabelled = await page.EvaluateAsync<string[]>("""
                [...document.querySelectorAll('input, select, textarea')]
                  .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label') && !e.closest('fieldset')?.querySelector('legend'))
                  .map(e => e.id || e.name)
                """);
            Assert.True(unlabelled.Length == 0, $"{path}: unlabelled {string.Join(", ", unlabelled)}");
            await AssertAccessibleAsync(page, path);
            await page.ScreenshotAsync(new() { Path = Shot($"phone-{path.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "overview"}{(path.Contains(id, StringComparison.Ordinal) ? "-task" : "")}.png"), FullPage = true });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "aaba_console");

        // Signed in again, then the key is revoked: the cookie stops working with it.
        await page.GetByLabel("API key").FillAsync(key.Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#who")).ToContainTextAsync("operator");
        using (var revoke = await fixture.Admin.Http.DeleteAsync($"/admin/keys/{key.Id}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        await Eventually.UntilAsync(async () => (await page.APIRequest.GetAsync("/console/api/session")).Status == 401, "the revoked key's cookie to be refused");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_overview_counts_and_charts_the_last_hour_and_a_lead_task_shows_its_leads_and_conversation()
    {
        var user = await fixture.CreateKeyAsync(NewTenant("overview"), "operator");
        var work = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            work.Add(await user.Client.RunAsync("add", $$"""{"x":{{i}},"y":1,"delay_ms":{{100 * i}}}"""));
        }
        for (var i = 0; i < 2; i++)
        {
            using var run = await user.Client.PostJsonAsync("/agents/add/run?timeout_s=1", """{"x":1,"y":1,"delay_ms":5000}""");
            work.Add((await run.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("task_id").GetString()!);
        }
        string lead;
        await SetModelKeyAsync();
        try
        {
            fixture.OpenAi.Script(
                Reply.ToolCall("call_1", "search_leads", new { query = "python", limit = 5 }, promptTokens: 412, completionTokens: 31),
                Reply.ToolCalls([.. PythonLeads.Select((l, i) => ($"call_{i + 2}", "get_lead", JsonSerializer.Serialize(new { url = l.Url })))], promptTokens: 1630, completionTokens: 58),
                Reply.Answer(JsonSerializer.Serialize(new
                {
                    leads = PythonLeads.Select((l, i) => new { url = l.Url, fit_score = 90 - (10 * i), reason = $"Python work: {l.Skills.FirstOrDefault()}." }),
                    summary = "Two Python leads worth a look.",
                }), promptTokens: 2210, completionTokens: 140));
            lead = await user.Client.RunAsync("lead", """{"query":"python","limit":5}""");
            var done = await user.Client.WaitForTerminalAsync(lead);
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.GetRawText());
        }
        finally
        {
            await DeleteModelKeyAsync();
        }
        foreach (var id in work)
        {
            await user.Client.WaitForTerminalAsync(id);
        }
        var running = await user.Client.RunAsync("add", """{"x":4,"y":2,"delay_ms":60000}""");
        try
        {
            var page = await SignedInPageAsync(user);
            await Expect(page.Locator("[data-figure=finished]")).ToHaveTextAsync("9");
            await Expect(page.Locator("[data-figure=failed]")).ToHaveTextAsync("2");
            await Expect(page.Locator("[data-figure=failure-rate]")).ToHaveTextAsync("22.2 %");
            await Expect(page.Locator(".chart svg rect.bar-failed")).Not.ToHaveCountAsync(0);
            await Expect(page.Locator("section[aria-labelledby=h-flight]")).ToContainTextAsync("running");
            await Expect(page.Locator("section[aria-labelledby=h-failures] tbody tr")).ToContainTextAsync("timeout");
            await page.ScreenshotAsync(new() { Path = Shot("console-overview.png"), FullPage = true });

            await page.GotoAsync($"/console/tasks/{lead}");
            await Expect(page.Locator("table.leads tbody tr")).ToHaveCountAsync(PythonLeads.Length);
            await Expect(page.Locator(".conversation li[data-type=tool_call]")).ToHaveCountAsync(1 + PythonLeads.Length);
            await Expect(page.Locator(".conversation li[data-type=assistant]").Last).ToContainTextAsync("2210 prompt + 140 completion tokens");
            await Expect(page.Locator(".stream-state")).ToContainTextAsync("Finished");
            await page.ScreenshotAsync(new() { Path = Shot("console-task.png"), FullPage = true });
            await AssertAccessibleAsync(page, "a lead task with its transcript");
            await page.Context.CloseAsync();
        }
        finally
        {
            (await user.Client.Http.PostAsync($"/agents/status/{running}/cancel", null, Cancellation)).Dispose();
        }
        if (ConsoleBrowser.UpdateDocs)
        {
            foreach (var name in new[] { "console-overview.png", "console-task.png" })
            {
                File.Copy(Shot(name), Path.Combine(RepositoryPaths.Root(), "docs", name), overwrite: true);
            }
        }
    }

    [Fact]
    public async Task A_pipelines_page_lists_its_steps_as_links_and_a_steps_page_links_back_to_its_pipeline()
    {
        // A small pipeline of two add steps, the second fed by the first: the shape of lead-to-crm without its network.
        var pipeline = $"console-pipeline-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        using (var put = await fixture.Admin.Http.PutAsJsonAsync($"/agents/{pipeline}", new
        {
            kind = "pipeline",
            config = new
            {
                steps = new object[]
                {
                    new { name = "first", agent = "add", input = new { x = "$.input.x", y = 1 } },
                    new { name = "second", agent = "add", input = new { x = "$.steps.first.sum", y = 2 } },
                },
            },
        }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        try
        {
            await Eventually.UntilAsync(async () => (await fixture.Factory.Services.GetRequiredService<AgentCatalogCache>().GetAsync()).Find(pipeline) is not null,
                "the silo to see the new pipeline", TimeSpan.FromSeconds(10));
            var user = await fixture.CreateKeyAsync(NewTenant("pipeline"), "operator");
            var id = await user.Client.RunAsync(pipeline, """{"x":1}""");
            var done = await user.Client.WaitForTerminalAsync(id);
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            string[] steps = [.. done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("task_id").GetString()!)];
            Assert.Equal(2, steps.Length);

            var page = await SignedInPageAsync(user);
            await page.GotoAsync($"/console/tasks/{id}");
            var items = page.Locator("#h-pipeline ~ ol.steps > li");
            await Expect(items).ToHaveCountAsync(2);
            await Expect(items.Nth(0)).ToHaveAttributeAsync("data-task-id", steps[0]);
            await Expect(items.Nth(1)).ToHaveAttributeAsync("data-task-id", steps[1]);
            // Named from the pipeline's progress events, with each step's agent and status.
            await Expect(items.Nth(0).GetByRole(AriaRole.Link)).ToContainTextAsync("first");
            await Expect(items.Nth(1).GetByRole(AriaRole.Link)).ToContainTextAsync("second");
            await Expect(items.Nth(1)).ToContainTextAsync("(add)");
            await Expect(items.Locator(".badge[data-status=succeeded]")).ToHaveCountAsync(2);
            await AssertAccessibleAsync(page, "a pipeline's page");

            await items.Nth(1).GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/console/tasks/{steps[1]}$"));
            await Expect(page.Locator("h1 .task-id")).ToHaveTextAsync(steps[1]);
            await Expect(page.Locator("#h-result + pre")).ToContainTextAsync("\"sum\": 4");
            var parent = page.Locator("#h-pipeline ~ p.parent").GetByRole(AriaRole.Link);
            await Expect(parent).ToHaveTextAsync(id);
            await parent.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/console/tasks/{id}$"));
            await Expect(page.Locator("h1 .task-id")).ToHaveTextAsync(id);
            await Expect(page.Locator("#h-pipeline ~ ol.steps > li")).ToHaveCountAsync(2);
            await page.Context.CloseAsync();
        }
        finally
        {
            (await fixture.Admin.Http.DeleteAsync($"/agents/{pipeline}", Cancellation)).Dispose();
        }
    }

    /// <summary>axe-core's WCAG 2.1 A and AA rules (labels, names, contrast, landmarks, ARIA) find nothing on the page.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, $"{what}: " + string.Join("; ", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    private static string Shot(string name) => Path.Combine(ConsoleBrowser.ScreenshotFolder, name);

    private async Task SetModelKeyAsync()
    {
        using var response = await fixture.Admin.Http.PutAsJsonAsync("/admin/agents/lead/secrets/model_api_key",
            new { value = "sk-test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task DeleteModelKeyAsync() =>
        (await fixture.Admin.Http.DeleteAsync("/admin/agents/lead/secrets/model_api_key", Cancellation)).Dispose();
}
