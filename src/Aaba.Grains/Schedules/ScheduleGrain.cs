using System.Collections.Immutable;
using Aaba.Abstractions;
using Aaba.Abstractions.Agents;
using Aaba.Abstractions.Http;
using Aaba.Abstractions.Schedules;
using Aaba.Abstractions.Security;
using Aaba.Abstractions.Tasks;
using Aaba.Grains.Security;
using Aaba.Grains.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aaba.Grains.Schedules;

/// <summary>
/// One schedule (<see cref="ScheduleKey"/>): a thin shell over <see cref="ScheduleRules"/>. Its definition and last
/// firing are stored (<see cref="ScheduleStore"/>); a grain timer fires each slot on time while the grain is active,
/// and an Orleans reminder (period <see cref="ScheduleOptions.BackstopPeriod"/>) is the durable backstop that
/// reactivates it wherever it lives after its silo died or the cluster restarted. A firing starts the slot's task
/// through <see cref="ITaskGrain.StartAsync"/>, as <c>POST /agents/{name}/run</c> does (the same validation, the
/// tenant's limit, an audit entry), under an id derived from the schedule and the slot: starting it again is a no-op,
/// so a slot fires at most once whatever activations exist. Not reentrant: calls, timer ticks and reminders run one
/// at a time.
/// </summary>
public sealed partial class ScheduleGrain(
    ScheduleStore store, TaskSubmissionValidator validator, IOptions<ScheduleOptions> options, TimeProvider time, ILogger<ScheduleGrain> logger)
    : Grain, IScheduleGrain, IRemindable
{
    /// <summary>The action of a firing's audit entry.</summary>
    public const string FireAuditAction = "schedule.fire";

    /// <summary>The code a firing records when its agent is no longer registered.</summary>
    public const string UnknownAgentCode = "unknown_agent";

    /// <summary>The code a firing records when the tenant's limit of tasks in flight refused it.</summary>
    public const string TenantLimitCode = "tenant_limit";

    private const string BackstopReminder = "backstop";

    private ScheduleKey _key;
    private StoredSchedule? _schedule;
    private CronSchedule? _cron;
    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ScheduleKey.Parse(this.GetPrimaryKeyString());
        _schedule = await StoreGuard.RunAsync(() => store.ReadAsync(_key), logger);
        _cron = _schedule is null ? null : CronSchedule.TryParse(_schedule.Cron, _schedule.TimeZone).Schedule;
        if (_schedule is { Paused: false } && _cron is not null)
        {
            // A missed slot (the grain's silo died, the cluster was down) fires first thing, outside activation.
            Arm(TimeSpan.Zero);
        }
    }

    public async Task<ScheduleChange> SetAsync(ScheduleDefinition definition)
    {
        var cron = await ValidateAsync(definition);
        var created = _schedule is null;
        var schedule = ScheduleRules.Apply(_schedule, _key, definition, time.GetUtcNow());
        await SaveAsync(schedule, cron);
        if (schedule.Paused)
        {
            await StopAsync();
        }
        else
        {
            await this.RegisterOrUpdateReminder(BackstopReminder, options.Value.BackstopPeriod, options.Value.BackstopPeriod);
            ArmNext();
        }
        LogSet(logger, _key.Name, _key.Tenant, schedule.Cron, schedule.TimeZone, schedule.Agent);
        return new ScheduleChange(View(), created);
    }

    public Task<ScheduleView?> GetAsync()
    {
        if (_schedule is null)
        {
            DeactivateOnIdle();
        }
        return Task.FromResult(_schedule is null ? null : View());
    }

    public async Task<bool> DeleteAsync()
    {
        var existed = await StoreGuard.RunAsync(() => store.DeleteAsync(_key), logger);
        _schedule = null;
        _cron = null;
        await StopAsync();
        DeactivateOnIdle();
        if (existed)
        {
            LogDeleted(logger, _key.Name, _key.Tenant);
        }
        return existed;
    }

    public async Task<ScheduleView?> PauseAsync(string? by)
    {
        if (_schedule is null)
        {
            DeactivateOnIdle();
            return null;
        }
        var paused = ScheduleRules.SetPaused(_schedule, paused: true, by, time.GetUtcNow());
        if (!ReferenceEquals(paused, _schedule))
        {
            await SaveAsync(paused, _cron!);
            LogPaused(logger, _key.Name, _key.Tenant);
        }
        await StopAsync();
        return View();
    }

    public async Task<ScheduleView?> ResumeAsync(string? by)
    {
        if (_schedule is null)
        {
            DeactivateOnIdle();
            return null;
        }
        var resumed = ScheduleRules.SetPaused(_schedule, paused: false, by, time.GetUtcNow());
        if (!ReferenceEquals(resumed, _schedule))
        {
            await SaveAsync(resumed, _cron!);
            LogResumed(logger, _key.Name, _key.Tenant);
        }
        await this.RegisterOrUpdateReminder(BackstopReminder, options.Value.BackstopPeriod, options.Value.BackstopPeriod);
        ArmNext();
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_schedule is not { Paused: false } || _cron is null)
        {
            // Deleted or paused since: the backstop has nothing left to keep alive.
            await StopAsync();
            DeactivateOnIdle();
            return;
        }
        await TickAsync(CancellationToken.None);
    }

    /// <summary>Fires the slot that is due, if any, then arms the timer for the next one.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (_schedule is not { Paused: false } schedule || _cron is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        try
        {
            if (ScheduleRules.SlotToFire(schedule, _cron, now) is { } slot && !await FireAsync(schedule, slot, now))
            {
                // The cluster or the store did not answer: try again soon (the slot fires then if it is still the latest).
                Arm(options.Value.RetryDelay);
                return;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A one-shot timer that throws is not re-armed: without this the schedule would wait for its reminder.
            LogTickFailed(logger, exception, _key.Name, _key.Tenant);
            Arm(options.Value.RetryDelay);
            return;
        }
        ArmNext();
    }

    /// <summary>Starts the slot's task; false when the outcome is unknown (nothing recorded, to be tried again).</summary>
    private async Task<bool> FireAsync(StoredSchedule schedule, DateTimeOffset slot, DateTimeOffset now)
    {
        var id = ScheduleRules.TaskIdFor(_key, slot);
        var submission = new TaskSubmission(schedule.Agent, schedule.InputJson, schedule.Timeout, _key.Tenant);
        TaskError? error = null;
        try
        {
            await GrainFactory.GetTaskGrain(id).StartAsync(submission);
            LogFired(logger, _key.Name, _key.Tenant, slot, id);
        }
        catch (TaskConflictException)
        {
            // The slot's task exists from an earlier definition of the schedule: the slot has fired.
        }
        catch (UnknownAgentException)
        {
            error = new TaskError(UnknownAgentCode, $"Agent '{schedule.Agent}' is not registered (any more): no task was started for this slot.");
        }
        catch (InvalidTaskInputException invalid)
        {
            error = new TaskError(TaskErrorCodes.InvalidInput,
                "The agent refuses the schedule's input: " + string.Join("; ", invalid.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
        catch (TenantTaskLimitException limit)
        {
            error = new TaskError(TenantLimitCode, limit.Message);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or StorageUnavailableException)
        {
            LogFireFailed(logger, exception, _key.Name, _key.Tenant, slot);
            return false;
        }
        if (error is not null)
        {
            LogNotFired(logger, _key.Name, _key.Tenant, slot, error.Message);
        }
        var run = new ScheduleRun(slot, now, error is null ? id : null, error);
        _schedule = schedule with { LastRun = run };
        try
        {
            await store.WriteAsync(_schedule);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Kept in memory; a later activation that fires this slot again finds its task (same id) and starts nothing.
            LogStateNotStored(logger, exception, _key.Name, _key.Tenant);
        }
        await AuditAsync(schedule, run);
        return true;
    }

    private async Task AuditAsync(StoredSchedule schedule, ScheduleRun run)
    {
        var entry = new AuditEntry(null, run.FiredAt, schedule.UpdatedBy ?? "schedule", _key.Tenant, null, FireAuditAction,
            run.TaskId?.ToString() ?? _key.Name, run.Error is null ? "ok" : "failed", null, null, "POST", AabaRoutes.Run(schedule.Agent),
            $"schedule '{_key.Name}', slot {run.Slot:O}" + (run.Error is { } error ? $": {error.Message}" : ""));
        try
        {
            await GrainFactory.GetAuditTrail().AppendAsync([entry]);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or StorageUnavailableException)
        {
            LogAuditFailed(logger, exception, _key.Name, _key.Tenant);
        }
    }

    /// <summary>Checks the definition as a run request would be checked, every problem at once.</summary>
    private async Task<CronSchedule> ValidateAsync(ScheduleDefinition definition)
    {
        var (cron, errors) = CronSchedule.TryParse(definition.Cron, definition.TimeZone);
        if (cron is not null && cron.Next(time.GetUtcNow()) is null)
        {
            errors["cron"] = ["Names no future slot."];
        }
        try
        {
            await validator.ValidateAsync(new TaskSubmission(definition.Agent, definition.InputJson, definition.Timeout, _key.Tenant));
        }
        catch (UnknownAgentException)
        {
            errors["agent"] = [$"No agent named '{definition.Agent}' is registered. GET /agents lists the agents."];
        }
        catch (InvalidTaskInputException invalid)
        {
            foreach (var (field, problems) in invalid.Errors)
            {
                errors[field == "timeout_s" ? field : field.Length == 0 ? "input" : $"input.{field}"] = problems;
            }
        }
        if (errors.Count > 0 || cron is null)
        {
            DeactivateWhenEmpty();
            throw new InvalidScheduleException(errors.ToImmutableDictionary(StringComparer.Ordinal));
        }
        return cron;
    }

    private async Task SaveAsync(StoredSchedule schedule, CronSchedule cron)
    {
        await StoreGuard.RunAsync(() => store.WriteAsync(schedule), logger);
        _schedule = schedule;
        _cron = cron;
    }

    /// <summary>Arms the timer for the next slot; beyond two backstop periods the reminder wakes the grain instead (it may go idle meanwhile).</summary>
    private void ArmNext()
    {
        if (_schedule is null || _cron is null || ScheduleRules.NextRun(_schedule, _cron, time.GetUtcNow()) is not { } next)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var due = next - time.GetUtcNow();
        if (due > 2 * options.Value.BackstopPeriod)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        Arm(due < TimeSpan.Zero ? TimeSpan.Zero : due);
    }

    private void Arm(TimeSpan due)
    {
        if (_timer is null)
        {
            // KeepAlive: an armed schedule stays active until its slot; ticks are not interleaved with calls.
            _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>No timer and no reminder: nothing wakes the grain until a call does.</summary>
    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        try
        {
            if (await this.GetReminder(BackstopReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            // The reminder finds the schedule paused or gone when it next fires, and is removed then.
            LogReminderNotRemoved(logger, exception, _key.Name, _key.Tenant);
        }
    }

    private void DeactivateWhenEmpty()
    {
        if (_schedule is null)
        {
            DeactivateOnIdle();
        }
    }

    private ScheduleView View() => ScheduleRules.View(_schedule!, _cron, time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} of tenant {Tenant} set: '{Cron}' in {TimeZone}, agent {Agent}")]
    private static partial void LogSet(ILogger logger, string schedule, TenantId tenant, string cron, string timeZone, string agent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} of tenant {Tenant} deleted")]
    private static partial void LogDeleted(ILogger logger, string schedule, TenantId tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} of tenant {Tenant} paused")]
    private static partial void LogPaused(ILogger logger, string schedule, TenantId tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} of tenant {Tenant} resumed")]
    private static partial void LogResumed(ILogger logger, string schedule, TenantId tenant);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schedule {Schedule} of tenant {Tenant} fired slot {Slot:O} as task {TaskId}")]
    private static partial void LogFired(ILogger logger, string schedule, TenantId tenant, DateTimeOffset slot, TaskId taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule} of tenant {Tenant} started no task for slot {Slot:O}: {Reason}")]
    private static partial void LogNotFired(ILogger logger, string schedule, TenantId tenant, DateTimeOffset slot, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule} of tenant {Tenant} could not fire slot {Slot:O} now; trying again shortly")]
    private static partial void LogFireFailed(ILogger logger, Exception exception, string schedule, TenantId tenant, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {Schedule} of tenant {Tenant}: a tick failed; trying again shortly")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string schedule, TenantId tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule} of tenant {Tenant}: its last firing could not be stored")]
    private static partial void LogStateNotStored(ILogger logger, Exception exception, string schedule, TenantId tenant);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {Schedule} of tenant {Tenant}: a firing's audit entry could not be stored")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string schedule, TenantId tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule} of tenant {Tenant}: its reminder could not be removed now")]
    private static partial void LogReminderNotRemoved(ILogger logger, Exception exception, string schedule, TenantId tenant);
}
