using Aaba.Client;

namespace Aaba.IntegrationTests.Client;

/// <summary>The client cases over the REST API (a typed HttpClient with the standard resilience handler).</summary>
[Collection(ClientCollection.Name)]
public sealed class HttpAabaClientTests(ClientFixture fixture) : AabaClientTests(fixture)
{
    protected override IAabaClient Client => Fixture.Http;
}
