namespace Aaba.Testing;

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aaba-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
        }
    }
}
