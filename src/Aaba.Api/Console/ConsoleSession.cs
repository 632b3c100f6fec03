namespace Aaba.Api.Console;

/// <summary>Who the console acts as: the key's id, name, tenant and role (never the key), or open mode.</summary>
/// <param name="Open">No access control: every request is an admin of the default tenant.</param>
/// <param name="KeyId">The key's id (<c>bootstrap</c> or <c>open</c> for those).</param>
/// <param name="KeyName">The key's name.</param>
/// <param name="Tenant">Whose tasks the console shows.</param>
/// <param name="Role">reader, operator or admin.</param>
/// <param name="Via">How this request was signed in: <c>cookie</c>, <c>header</c> or <c>open</c>.</param>
internal sealed record ConsoleSession(bool Open, string KeyId, string KeyName, string Tenant, string Role, string Via);
