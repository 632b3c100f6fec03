using System.Collections.Concurrent;

namespace Aaba.Testing;

/// <summary>Counts incoming grain calls per interface on one silo, so tests can prove which grains a path touches.</summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<Type, int> _calls = new();

    public int CallsTo<TGrainInterface>() => _calls.GetValueOrDefault(typeof(TGrainInterface));

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType is { } declaringInterface)
        {
            _calls.AddOrUpdate(declaringInterface, 1, static (_, count) => count + 1);
        }
        return context.Invoke();
    }
}
