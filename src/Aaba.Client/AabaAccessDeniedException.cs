using Aaba.Abstractions.Http;

namespace Aaba.Client;

/// <summary>The API key is missing or not valid (401), or its role may not do this (403).</summary>
public sealed class AabaAccessDeniedException(AabaProblem problem, Exception? innerException = null)
    : AabaException(problem, innerException);
