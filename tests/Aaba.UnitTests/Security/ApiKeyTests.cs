using Aaba.Api.Security;
using Aaba.Hosting;
using Microsoft.Extensions.Options;

namespace Aaba.UnitTests.Security;

/// <summary>What a key looks like, how it is stored, and the start-up rules for open and keyed modes.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public void A_new_key_is_256_random_bits_and_only_its_sha256_is_stored()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeys.Generate()).ToList();
        Assert.Equal(100, keys.Distinct().Count());
        Assert.All(keys, key =>
        {
            Assert.StartsWith("aaba_", key, StringComparison.Ordinal);
            Assert.Equal(5 + 43, key.Length);
            Assert.True(ApiKeys.LooksLikeKey(key));
            var hash = ApiKeys.Hash(key);
            Assert.Equal(64, hash.Length);
            Assert.DoesNotContain(key[5..], hash, StringComparison.Ordinal);
        });
        Assert.Equal(ApiKeys.Hash(keys[0]), ApiKeys.Hash(keys[0]));
        Assert.True(ApiKeys.IsId(ApiKeys.NewId()));
        Assert.False(ApiKeys.IsId("key_../../x"));
        Assert.False(ApiKeys.LooksLikeKey("aaba_short"));
        Assert.False(ApiKeys.LooksLikeKey("aaba_" + new string('a', 40) + "\r\nX: y"));
    }

    private static ValidateOptionsResult Validate(bool embedded, AuthOptions options) =>
        new AuthOptionsValidator(new AabaDeployment(embedded)).Validate(null, options);

    [Fact]
    public void A_cluster_api_refuses_to_start_open_unless_told_to_and_embedded_runs_open_without_a_key()
    {
        var key = "aaba_" + new string('k', 64);
        Assert.True(Validate(embedded: true, new AuthOptions()).Succeeded);
        Assert.False(Validate(embedded: false, new AuthOptions()).Succeeded);
        Assert.Contains("Refusing to start", Validate(embedded: false, new AuthOptions()).FailureMessage, StringComparison.Ordinal);
        Assert.True(Validate(embedded: false, new AuthOptions { Mode = AuthMode.Open }).Succeeded);
        Assert.True(Validate(embedded: false, new AuthOptions { Mode = AuthMode.Keys }).Succeeded);
        Assert.True(Validate(embedded: false, new AuthOptions { BootstrapKey = key }).Succeeded);
        Assert.False(Validate(embedded: true, new AuthOptions { BootstrapKey = "password" }).Succeeded);
        Assert.False(Validate(embedded: true, new AuthOptions { BootstrapKeyFile = "/no/such/file" }).Succeeded);
        Assert.False(Validate(embedded: true, new AuthOptions { BootstrapKey = key, BootstrapTenant = "../x" }).Succeeded);

        Assert.True(new AccessMode(Options.Create(new AuthOptions()), new AabaDeployment(true)).Open);
        Assert.False(new AccessMode(Options.Create(new AuthOptions { BootstrapKey = key }), new AabaDeployment(true)).Open);
        Assert.True(new AccessMode(Options.Create(new AuthOptions { BootstrapKey = key, Mode = AuthMode.Open }), new AabaDeployment(false)).Open);
        var access = new AccessMode(Options.Create(new AuthOptions { BootstrapKey = key }), new AabaDeployment(false));
        Assert.True(access.IsBootstrap(ApiKeys.Hash(key)));
        Assert.False(access.IsBootstrap(ApiKeys.Hash(key + "x")));
    }
}
