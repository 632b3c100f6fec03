using System.Text.Json;
using Aaba.Abstractions.Agents.Lead;
using Aaba.Abstractions.Tasks;
using Aaba.Client;
using Aaba.Client.Leads;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace LeadFinder;

/// <summary>
/// Starts the lead agent, shows the run live (its status and every progress step as they happen) and the leads as a
/// table at the end. Ctrl-C once cancels the task and shows it end; twice leaves at once (the task goes on).
/// </summary>
public sealed class LeadFinderApp(IAabaClient client, LeadFinderOptions options)
{
    private const int Failed = 1;
    private const int Cancelled = 2;
    private const int Unreachable = 3;
    private const int Refused = 4;

    public async Task<int> RunAsync(IHost host)
    {
        using var leave = new CancellationTokenSource();
        var cancelRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var presses = 0;
        Console.CancelKeyPress += (_, press) =>
        {
            press.Cancel = true;
            if (Interlocked.Increment(ref presses) == 1)
            {
                cancelRequested.TrySetResult();
            }
            else
            {
                leave.Cancel();
            }
        };

        AnsiConsole.Write(new Rule($"[bold]Aaba LeadFinder[/] [grey]· {Markup.Escape(Describe())}[/]").LeftJustified());
        try
        {
            await AnsiConsole.Status().StartAsync(options.UsesCluster ? "Joining the cluster…" : "Starting…", _ => host.StartAsync(leave.Token));
            return await FindAsync(cancelRequested.Task, leave.Token);
        }
        catch (OperationCanceledException) when (leave.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]Left without waiting; the task goes on.[/]");
            return Cancelled;
        }
        catch (AabaException error)
        {
            Show(error);
            return error is AabaUnavailableException ? Unreachable : Refused;
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(stop.Token);
        }
    }

    private async Task<int> FindAsync(Task cancelRequested, CancellationToken leave)
    {
        var query = new LeadQuery(options.Query!)
        {
            Sources = options.Sources?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Limit = options.Limit,
        };
        var accepted = await client.StartLeadAsync(query, cancellationToken: leave);
        AnsiConsole.MarkupLineInterpolated($"Task [bold]{accepted.TaskId}[/] accepted: agent [blue]{accepted.Agent}[/], {accepted.Status.ToWireName()}");
        DateTimeOffset? cancelPressed = null;
        var cancelling = cancelRequested.ContinueWith(async _ =>
        {
            cancelPressed = DateTimeOffset.Now;
            await client.CancelAsync(accepted.TaskId, leave);
        }, leave, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();

        // Each event is a line as it happens; the spinner under them says where the task stands.
        await AnsiConsole.Status().StartAsync(accepted.Status.ToWireName(), async status =>
        {
            await foreach (var @event in client.WatchAsync(accepted.TaskId, cancellationToken: leave))
            {
                if (cancelPressed is { } pressed)
                {
                    AnsiConsole.MarkupLineInterpolated($"  [grey]{pressed:HH:mm:ss.fff}[/]       [yellow]Ctrl-C: cancelling the task (press again to leave at once)[/]");
                    cancelPressed = null;
                }
                AnsiConsole.MarkupLine(Line(@event));
                if (@event.TryGetStatus(out var now))
                {
                    status.Status($"{now.ToWireName()}…");
                }
            }
        });
        if (cancelling.IsFaulted)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The cancel failed: {cancelling.Exception!.InnerException!.Message}[/]");
        }

        var task = await client.GetAsync(accepted.TaskId, leave) ?? throw new InvalidOperationException($"Task {accepted.TaskId} is gone.");
        switch (task.Status)
        {
            case AgentTaskStatus.Succeeded:
                ShowLeads(task.ReadLeadResult(), task);
                return 0;
            case AgentTaskStatus.Cancelled:
                AnsiConsole.MarkupLineInterpolated($"[yellow]Cancelled after {Elapsed(task)}.[/]");
                return Cancelled;
            default:
                AnsiConsole.MarkupLineInterpolated($"[red]{task.Status.ToWireName()}: {task.Error?.Code} {task.Error?.Message}[/]");
                return Failed;
        }
    }

    /// <summary>One event as a line: id, time, type and what it says.</summary>
    private static string Line(TaskEvent @event)
    {
        using var data = JsonDocument.Parse(@event.DataJson);
        var root = data.RootElement;
        string what;
        if (@event.TryGetStatus(out var status))
        {
            var colour = status switch
            {
                AgentTaskStatus.Succeeded => "green",
                AgentTaskStatus.Failed => "red",
                AgentTaskStatus.Cancelled => "yellow",
                _ => "blue",
            };
            what = $"[{colour}]{status.ToWireName()}[/]" +
                (root.TryGetProperty("attempt", out var attempt) && attempt.GetInt32() > 0 ? $" [grey](attempt {attempt.GetInt32()})[/]" : "") +
                (root.TryGetProperty("error", out var error) ? $" [red]{Markup.Escape(error.GetProperty("code").GetString() ?? "")}[/]" : "");
        }
        else
        {
            what = Markup.Escape(@event.GetProgressMessage() ?? @event.DataJson) +
                (root.TryGetProperty("data", out var details) ? $" [grey]{Markup.Escape(details.GetRawText())}[/]" : "");
        }
        return $"  [grey]{@event.At.ToLocalTime():HH:mm:ss.fff}  #{@event.Id,-3}[/] {Markup.Escape(@event.Type),-8} {what}";
    }

    private static void ShowLeads(ILeadResult result, TaskSnapshot task)
    {
        var llm = result as LlmLeadResult;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{result.Leads.Count} lead(s) for '{Markup.Escape(result.Query)}' · mode {result.Mode}{(llm is null ? "" : $" · {Markup.Escape(llm.Model)}")} · {Elapsed(task)}")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("Title")
            .AddColumn("Source")
            .AddColumn(new TableColumn("Budget").RightAligned())
            .AddColumn("Posted")
            .AddColumn(new TableColumn(llm is null ? "Score" : "Fit").RightAligned());
        if (llm is not null)
        {
            table.AddColumn("Why");
        }
        var rank = 0;
        foreach (var lead in result.Leads)
        {
            var budget = lead.Budget is { Max: > 0 } b ? $"{b.Min:0.##}–{b.Max:0.##} {b.Currency} {b.Type}" : "—";
            var score = lead switch
            {
                LeadView view => view.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                LlmLead model => model.FitScore.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                _ => "",
            };
            var cells = new List<string>
            {
                (++rank).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"[link={Markup.Escape(lead.Url)}]{Markup.Escape(lead.Title)}[/]",
                Markup.Escape(lead.Source), Markup.Escape(budget), lead.PostedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), score,
            };
            if (lead is LlmLead withReason)
            {
                cells.Add(Markup.Escape(withReason.Reason ?? ""));
            }
            table.AddRow([.. cells]);
        }
        AnsiConsole.Write(table);
        if (llm is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]{llm.Summary}[/]");
            foreach (var dropped in llm.DroppedLeads)
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]left out ({dropped.Reason}): {dropped.Url}[/]");
            }
        }
    }

    private static void Show(AabaException error)
    {
        var problem = error.Problem;
        AnsiConsole.MarkupLineInterpolated($"[red]{problem.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"} {problem.Title}[/]: {problem.Detail}");
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            AnsiConsole.MarkupLineInterpolated($"  [red]{field}[/]: {string.Join(" ", messages)}");
        }
    }

    private string Describe() => options.UsesCluster
        ? $"cluster client · Redis {options.Redis} · cluster '{options.ClusterId}'"
        : $"HTTP · {options.Url}{(options.ApiKey is null ? "" : " · API key")}";

    private static string Elapsed(TaskSnapshot task) =>
        task.FinishedAt is { } finished ? $"{(finished - task.CreatedAt).TotalMilliseconds:0} ms" : "";
}
