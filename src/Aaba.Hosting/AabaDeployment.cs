namespace Aaba.Hosting;

/// <summary>Which mode this front end runs in, decided once at start (<c>AABA_REDIS</c> empty: embedded).</summary>
/// <param name="Embedded">One process with its own Garnet and silo (a laptop, the tests); false: a client of a Redis-backed cluster.</param>
public sealed record AabaDeployment(bool Embedded);
