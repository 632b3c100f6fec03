namespace Aaba.Testing;

/// <summary>Where the repository and the built server programs are, for tests that run them as real processes.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding <c>Aaba.sln</c>, found above the test binaries.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aaba.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Aaba.sln not found above the test binaries.");
    }

    /// <summary>The built <c>src/{project}</c> program (run with <c>dotnet</c>), from the same configuration as the tests.</summary>
    public static string BuildOutput(string project)
    {
        // The test assembly and the server projects build with the same configuration (Debug/Release).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(Root(), "src", project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first ({path} is missing).", path);
    }
}
