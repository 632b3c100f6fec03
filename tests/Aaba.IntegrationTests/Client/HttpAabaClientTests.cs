using System.Net.Http.Headers;
using Aaba.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aaba.IntegrationTests.Client;

/// <summary>The client cases over the REST API (a typed HttpClient with the standard resilience handler).</summary>
[Collection(ClientCollection.Name)]
public sealed class HttpAabaClientTests(ClientFixture fixture) : AabaClientTests(fixture)
{
    protected override IAabaClient Client => Fixture.Http;

    [Fact]
    public async Task The_api_key_is_sent_as_a_bearer_token()
    {
        var seen = new HeaderRecorder();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAabaClient(options => options.UseHttp(Fixture.BaseAddress, apiKey: "aaba_test_key"));
        builder.Services.AddHttpClient(AabaClientServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => seen);
        using var host = builder.Build();

        await host.Services.GetRequiredService<IAabaClient>().GetAgentsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new AuthenticationHeaderValue("Bearer", "aaba_test_key"), seen.Authorization);
    }

    private sealed class HeaderRecorder : DelegatingHandler
    {
        public AuthenticationHeaderValue? Authorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
