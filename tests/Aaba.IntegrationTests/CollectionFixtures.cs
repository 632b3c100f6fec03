using Aaba.IntegrationTests.Client;
using Aaba.Testing;

namespace Aaba.IntegrationTests;

/// <summary>Tests that share the two-silo cluster (and one API client process on it).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}

/// <summary>HTTP tests that share one embedded API instance.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api";
}

/// <summary>Lead-agent tests against the fake OpenAI server; they share its script, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LlmCollection : ICollectionFixture<LlmFixture>
{
    public const string Name = "Llm";
}

/// <summary>Security tests: one embedded API that requires keys, with low limits, a fake model server and captured logs and spans.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "Security";
}

/// <summary>The .NET client's tests: one embedded Aaba, reached by an HTTP client and by an in-process cluster client.</summary>
[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<ClientFixture>
{
    public const string Name = "Client";
}
