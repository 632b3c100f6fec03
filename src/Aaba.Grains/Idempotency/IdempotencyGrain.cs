using Aaba.Abstractions.Tasks;

namespace Aaba.Grains.Idempotency;

/// <summary>Binds an idempotency key to the first task created with it; the binding expires with its storage entry (24 h).</summary>
public sealed class IdempotencyGrain(
    [PersistentState("key", AabaStorage.Idempotency)] IPersistentState<IdempotencyState> state) : Grain, IIdempotencyGrain
{
    public async Task<IdempotencyClaim> ClaimAsync(string fingerprint, TaskId candidate)
    {
        if (state.RecordExists)
        {
            return new IdempotencyClaim(TaskId.Parse(state.State.TaskId), state.State.Fingerprint == fingerprint);
        }
        state.State = new IdempotencyState { Fingerprint = fingerprint, TaskId = candidate.ToString() };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            // Not saved: forget the in-memory binding so the next claim starts over.
            DeactivateOnIdle();
            throw new StorageUnavailableException("The idempotency key could not be saved; nothing was started.");
        }
        return new IdempotencyClaim(candidate, Matches: true);
    }

    public async Task ReleaseAsync(TaskId taskId)
    {
        if (state.RecordExists && state.State.TaskId == taskId.ToString())
        {
            await state.ClearStateAsync();
        }
        // A rejected request holds nothing: the key's activation leaves with its binding.
        DeactivateOnIdle();
    }
}
