using Aaba.Api.Http;

namespace Aaba.Api.Security;

/// <summary>
/// Marks a route as audited: its outcome (the status its result or exception answers) is appended to the audit trail
/// before the response is written, with the target from the route (task id, key id, agent and secret) or the result.
/// </summary>
internal static class AuditedEndpoints
{
    private static readonly string[] TargetRouteValues = ["taskId", "id"];

    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new AuditFilter(action));

    private sealed class AuditFilter(string action) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
        {
            var context = invocation.HttpContext;
            var services = context.RequestServices;
            var audit = services.GetRequiredService<AuditTrail>();
            var time = services.GetRequiredService<TimeProvider>();
            object? result;
            try
            {
                result = await next(invocation);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var status = AabaExceptionHandler.ProblemFor(exception)?.Status ?? StatusCodes.Status500InternalServerError;
                await audit.TryAppendAsync(AuditEntries.For(context, action, Target(context, null), status, exception.GetType().Name, time.GetUtcNow()));
                throw;
            }
            var inner = result;
            while (inner is INestedHttpResult nested)
            {
                inner = nested.Result;
            }
            var code = inner is IStatusCodeHttpResult { StatusCode: { } statusCode } ? statusCode : StatusCodes.Status200OK;
            var value = inner is IValueHttpResult valued ? valued.Value : null;
            var detail = value is Microsoft.AspNetCore.Mvc.ProblemDetails problem ? problem.Title : null;
            await audit.TryAppendAsync(AuditEntries.For(context, action, Target(context, value), code, detail, time.GetUtcNow()));
            return result;
        }

        private static string? Target(HttpContext context, object? value)
        {
            switch (value)
            {
                case IAuditTarget target:
                    return target.AuditTarget;
                case Aaba.Abstractions.Http.RunAccepted accepted:
                    return accepted.TaskId.ToString();
            }
            var routes = context.Request.RouteValues;
            foreach (var name in TargetRouteValues)
            {
                if (routes.TryGetValue(name, out var found) && found is string text)
                {
                    return text.Length <= 100 ? text : text[..100];
                }
            }
            return routes.TryGetValue("name", out var agent) && agent is string agentName
                ? routes.TryGetValue("secret", out var secret) && secret is string secretName ? $"{agentName}/{secretName}" : agentName
                : null;
        }
    }
}
