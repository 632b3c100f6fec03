using Aaba.Abstractions.Http;

namespace Aaba.Client;

/// <summary>What <see cref="IAabaClient.RegisterAgentAsync"/> did.</summary>
/// <param name="Agent">The agent as registered, at its new <see cref="AgentResponse.Version"/> (unchanged when the request changed nothing).</param>
/// <param name="Created">True when the name was free (never registered, or retired): <c>201 Created</c> over HTTP; false for a change.</param>
public sealed record AgentRegistered(AgentResponse Agent, bool Created);
