namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>One lead the model picked, with how well it fits and why.</summary>
public sealed record LeadPick(string Title, string Source, string Url, string? Budget, double FitScore, string? Reason);
