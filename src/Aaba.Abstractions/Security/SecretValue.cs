namespace Aaba.Abstractions.Security;

/// <summary>
/// A secret on its way to the store. Its text form is redacted, so a log line, an exception message or a debugger
/// display that formats it shows <c>***</c>; only <see cref="Reveal"/> gives the value.
/// </summary>
[GenerateSerializer, Immutable, Alias("aaba.secret-value")]
public sealed class SecretValue(string value)
{
    [Id(0)]
    private readonly string _value = value;

    /// <summary>The secret itself: for the one place that encrypts it.</summary>
    public string Reveal() => _value;

    /// <summary>Always <c>***</c>.</summary>
    public override string ToString() => "***";
}
