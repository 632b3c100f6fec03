
namespace Aaba.Testing;

/// <summary>
/// Figures tests measure (failover time and the like), appended to <c>.run/test-measurements.txt</c>, which
/// <c>scripts/test.sh</c> prints after the run: the test runner shows no output of passing tests.
/// </summary>
public static class Measurements
{
    private static readonly Lock Gate = new();

    public static void Record(string line)
    {
        var path = Path.Combine(RepositoryPaths.Root(), ".run", "test-measurements.txt");
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, $"{DateTimeOffset.UtcNow:u} {line}{Environment.NewLine}");
        }
    }
}
