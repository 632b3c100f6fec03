namespace Aaba.Abstractions.Agents.Lead;

/// <summary>What a lead pays: a fixed budget or an hourly range.</summary>
/// <param name="Min">The lowest amount.</param>
/// <param name="Max">The highest amount.</param>
/// <param name="Currency">ISO currency code, e.g. <c>USD</c>.</param>
/// <param name="Type"><c>fixed</c>, <c>hourly</c> or <c>unspecified</c>.</param>
public sealed record LeadBudget(decimal Min, decimal Max, string Currency, string Type);
