using System.Globalization;
using Aaba.Abstractions;
using Aaba.Abstractions.Security;
using Aaba.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aaba.Api.Admin;

/// <summary>Reading the audit trail: newest first, filtered, paged by cursor. Nothing here (or anywhere) changes an entry.</summary>
internal static class AuditEndpoints
{
    private const int DefaultLimit = 50;

    public static void MapAuditEndpoints(this RouteGroupBuilder admin) =>
        admin.MapGet("/audit", QueryAsync).WithName("GetAudit").WithSummary("Read the audit trail, newest first")
            .ProducesValidationProblem().Audited(AuditActions.AuditRead);

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> QueryAsync(
        IGrainFactory grains, string? tenant, string? actor, string? action, string? outcome,
        string? since, string? until, int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        TenantId? only = null;
        if (tenant is not null)
        {
            if (TenantId.TryParse(tenant, out var parsed))
            {
                only = parsed;
            }
            else
            {
                errors["tenant"] = ["Not a tenant name."];
            }
        }
        Check(actor, "actor", 64, errors);
        Check(action, "action", 64, errors);
        if (outcome is not (null or AuditOutcomes.Ok or AuditOutcomes.Denied or AuditOutcomes.Failed))
        {
            errors["outcome"] = ["One of ok, denied, failed."];
        }
        var from = Time(since, "since", errors);
        var to = Time(until, "until", errors);
        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {AuditQuery.MaxLimit}."];
        }
        if (cursor is not null && !(cursor.Length == 24 && cursor[13] == '-' && cursor.Remove(13, 1).All(char.IsAsciiDigit)))
        {
            errors["cursor"] = ["Not a cursor from a previous page."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The audit query is not valid; see 'errors'.");
        }
        return TypedResults.Ok(await grains.GetAuditTrail().QueryAsync(new AuditQuery(only, actor, action, outcome, from, to, cursor, limit ?? DefaultLimit)));
    }

    private static void Check(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        if (value is not null && (value.Length is 0 || value.Length > maxLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            errors[field] = [$"1 to {maxLength} letters, digits, '_', '-' or '.'."];
        }
    }

    private static DateTimeOffset? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.Year is >= 1970 and <= 9999)
        {
            return at;
        }
        errors[field] = ["An ISO 8601 time, e.g. 2026-11-25T08:00:00Z."];
        return null;
    }
}
