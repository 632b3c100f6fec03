namespace Aaba.Testing;

/// <summary>One embedded Aaba (its own Garnet, silo and Kestrel) shared by the HTTP tests of a collection.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly TestDirectory _data = new("api");

    public AabaApiFactory Factory { get; private set; } = null!;

    public AabaClient Client { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Factory = AabaApiFactory.Embedded(_data.Path);
        Client = Factory.CreateAabaClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        _data.Dispose();
    }
}
