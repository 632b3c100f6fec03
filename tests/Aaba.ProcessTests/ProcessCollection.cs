namespace Aaba.ProcessTests;

/// <summary>Tests that start real processes (embedded hosts, redis-server, silos, APIs) and time them: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Processes";
}
