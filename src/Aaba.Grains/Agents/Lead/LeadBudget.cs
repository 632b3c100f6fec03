namespace Aaba.Grains.Agents.Lead;

/// <summary>What a lead pays: a fixed budget or an hourly range.</summary>
public sealed record LeadBudget(decimal Min, decimal Max, string Currency, string Type);
