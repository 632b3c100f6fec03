using System.Collections.Immutable;
using Aaba.Abstractions.Http;

namespace Aaba.Client;

/// <summary>
/// The request is not valid (400): for a run, the agent rejected its input; <see cref="Errors"/> says what is wrong
/// with each field (JSON name, or a parameter such as <c>timeout_s</c>). Nothing was created.
/// </summary>
public sealed class AabaValidationException(AabaProblem problem, Exception? innerException = null)
    : AabaException(problem, innerException)
{
    /// <summary>Problems by field.</summary>
    public ImmutableDictionary<string, string[]> Errors { get; } = problem.FieldErrors();
}
