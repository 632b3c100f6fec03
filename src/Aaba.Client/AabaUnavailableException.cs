using Aaba.Abstractions.Http;

namespace Aaba.Client;

/// <summary>
/// Aaba could not be reached or could not serve the request now (503, a refused connection, a cluster that does not
/// answer). Retrying later is safe for reads; a run is safe to send again with the same idempotency key.
/// </summary>
public class AabaUnavailableException(AabaProblem problem, Exception? innerException = null)
    : AabaException(problem, innerException);
