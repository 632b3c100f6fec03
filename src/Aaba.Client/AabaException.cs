using Aaba.Abstractions.Http;

namespace Aaba.Client;

/// <summary>
/// Aaba refused a request or could not serve it. <see cref="Problem"/> holds the problem details the HTTP API
/// answered (RFC 9457 problem+json), or the same details the in-process transport derives from the cluster's answer,
/// so code that handles errors works with either transport. Subclasses name the problems worth telling apart.
/// </summary>
public class AabaException : Exception
{
    /// <summary>An error described by <paramref name="problem"/>.</summary>
    public AabaException(AabaProblem problem, Exception? innerException = null)
        : base(problem.Detail ?? problem.Title ?? "The request failed.", innerException) => Problem = problem;

    /// <summary>The problem details: status, title, detail, field errors, trace id.</summary>
    public AabaProblem Problem { get; }

    /// <summary>The HTTP status (the in-process transport gives the one the API would have answered).</summary>
    public int? StatusCode => Problem.Status;
}
