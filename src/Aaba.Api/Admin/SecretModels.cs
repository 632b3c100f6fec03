namespace Aaba.Api.Admin;

/// <summary>The body of <c>PUT /admin/agents/{name}/secrets/{secret}</c>.</summary>
public sealed record SecretRequest(string Value);

/// <summary>A stored secret as shown: its name and when it was set, never its value.</summary>
public sealed record SecretResponse(string Name, DateTimeOffset UpdatedAt);
