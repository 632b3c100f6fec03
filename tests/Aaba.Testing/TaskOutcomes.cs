using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aaba.Testing;

/// <summary>
/// Waits for many tasks to finish with the long-poll (<c>GET /agents/status/{id}?wait_s=30</c>), so the wait ends as
/// soon as each task does, and keeps what each read last answered: a task that is never found, or never finishes,
/// is reported with that answer instead of failing the whole wait on the first one.
/// </summary>
public static class TaskOutcomes
{
    private static readonly TimeSpan NotFoundGrace = TimeSpan.FromSeconds(10);

    /// <summary>The last answer for one task: its JSON when the API returned it, and the HTTP status (0: no answer).</summary>
    public sealed record Outcome(string TaskId, int HttpStatus, JsonElement? Task)
    {
        public string? Status => Task?.GetProperty("status").GetString();

        public bool IsTerminal => Status is "succeeded" or "failed" or "cancelled";

        /// <summary>The error codes of the attempts that ended without finishing the task (<c>attempt_history</c>).</summary>
        public IReadOnlyList<string> AttemptErrorCodes =>
            Task?.GetProperty("attempt_history").EnumerateArray()
                .Select(attempt => attempt.GetProperty("error").GetProperty("code").GetString() ?? "")
                .ToList() ?? [];

        public override string ToString() => Task is { } task
            ? $"{TaskId}: {Status}, attempts {task.GetProperty("attempts").GetInt32()}, error {task.GetProperty("error")}, attempt_history {task.GetProperty("attempt_history")}"
            : $"{TaskId}: HTTP {HttpStatus}";
    }

    /// <summary>
    /// Long-polls every task (at most <paramref name="parallelism"/> at once) until it is terminal or
    /// <paramref name="timeout"/> has passed, and returns the last answer for each, in the order given.
    /// </summary>
    public static async Task<IReadOnlyList<Outcome>> WaitForTerminalAsync(HttpClient http, IReadOnlyList<string> ids, TimeSpan timeout, int parallelism = 64)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        var outcomes = new ConcurrentDictionary<string, Outcome>();
        try
        {
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (id, _) =>
            {
                var outcome = new Outcome(id, 0, null);
                System.Diagnostics.Stopwatch? notFound = null;
                while (!deadline.IsCancellationRequested)
                {
                    outcome = await ReadAsync(http, id, deadline.Token) ?? outcome;
                    outcomes[id] = outcome;
                    if (outcome.IsTerminal)
                    {
                        return;
                    }
                    // A record that storage does not have does not come back: after a grace for a read that raced a
                    // recovery, a 404 is the answer (rather than the whole timeout spent on a lost task).
                    notFound = outcome.HttpStatus == (int)HttpStatusCode.NotFound ? notFound ?? System.Diagnostics.Stopwatch.StartNew() : null;
                    if (notFound?.Elapsed > NotFoundGrace)
                    {
                        return;
                    }
                    if (outcome.HttpStatus != (int)HttpStatusCode.OK)
                    {
                        // 404 or 503 answer at once: ask again shortly rather than spin (the long-poll paces the 200s).
                        await Task.Delay(200, deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                }
            });
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // The deadline: what each task last answered is the result.
        }
        return ids.Select(id => outcomes.GetValueOrDefault(id) ?? new Outcome(id, 0, null)).ToList();
    }

    /// <summary>One long-poll; null when there was no answer (connection refused or reset, or the deadline).</summary>
    private static async Task<Outcome?> ReadAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/agents/status/{id}?wait_s=30", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK
                ? new Outcome(id, 200, await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken))
                : new Outcome(id, (int)response.StatusCode, null);
        }
        catch (HttpRequestException)
        {
            await Task.Delay(200, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // The deadline, or the client's own timeout on a read that hung: no answer this time.
            return null;
        }
    }

    /// <summary>A short summary for failure messages: counts per outcome, then the first few that are not <paramref name="expected"/>.</summary>
    public static string Summarize(IReadOnlyList<Outcome> outcomes, Func<Outcome, bool> expected, int examples = 5)
    {
        var counts = outcomes.GroupBy(o => o.Task is null ? $"HTTP {o.HttpStatus}" : o.Status!)
            .Select(group => $"{group.Key}: {group.Count()}");
        var wrong = outcomes.Where(o => !expected(o)).Take(examples).Select(o => $"\n  {o}");
        return $"{string.Join(", ", counts)}{string.Concat(wrong)}";
    }
}
