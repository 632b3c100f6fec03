namespace Aaba.Api.Console;

/// <summary>The console's sign-in form: an API key, sent in the body (never in a URL).</summary>
/// <param name="Key">The API key (<c>aaba_…</c>).</param>
internal sealed record SignInRequest(string? Key);
