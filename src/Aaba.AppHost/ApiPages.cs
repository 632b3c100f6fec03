namespace Aaba.AppHost;

/// <summary>The API's pages, linked from its row in the Aspire dashboard.</summary>
internal static class ApiPages
{
    public static void Add(ResourceUrlsCallbackContext context)
    {
        if (context.GetEndpoint("http") is not { } http)
        {
            return;
        }
        foreach (var url in context.Urls.Where(url => url.Endpoint?.EndpointName == "http"))
        {
            url.DisplayText = "API";
        }
        context.Urls.Add(new ResourceUrlAnnotation { Url = $"{http.Url}/docs", DisplayText = "API reference", Endpoint = http });
        context.Urls.Add(new ResourceUrlAnnotation { Url = $"{http.Url}/dashboard", DisplayText = "Orleans dashboard", Endpoint = http });
    }
}
