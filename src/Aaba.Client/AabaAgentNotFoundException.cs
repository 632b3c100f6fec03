using Aaba.Abstractions.Http;

namespace Aaba.Client;

/// <summary>No agent is registered under <see cref="Agent"/> (404 <c>Unknown agent</c>); nothing was created.</summary>
public sealed class AabaAgentNotFoundException(string agent, AabaProblem problem, Exception? innerException = null)
    : AabaException(problem, innerException)
{
    /// <summary>The name that was asked for.</summary>
    public string Agent { get; } = agent;
}
