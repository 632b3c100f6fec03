namespace Aaba.AppHost;

/// <summary>Finds a program on PATH, as a shell would.</summary>
internal static class ExecutablePath
{
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
