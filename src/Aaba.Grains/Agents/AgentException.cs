namespace Aaba.Grains.Agents;

/// <summary>An agent's own failure, with the stable error code the task will carry.</summary>
public sealed class AgentException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
