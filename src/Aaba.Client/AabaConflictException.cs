using Aaba.Abstractions.Http;

namespace Aaba.Client;

/// <summary>
/// The request conflicts with the state of things (409): cancelling a task that already finished, or an idempotency
/// key sent again with a different request.
/// </summary>
public sealed class AabaConflictException(AabaProblem problem, Exception? innerException = null)
    : AabaException(problem, innerException);
