using Aaba.Grains.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aaba.Hosting;

/// <summary>The one way an Orleans Redis provider gets its client settings: Aaba's, from <c>Aaba:Redis</c>, read when the provider starts.</summary>
internal static class RedisOptionsBuilderExtensions
{
    public static OptionsBuilder<TOptions> UseAabaRedis<TOptions>(this OptionsBuilder<TOptions> builder, Action<TOptions, ConfigurationOptions> apply)
        where TOptions : class =>
        builder.Configure<IOptions<RedisConnectionOptions>>((options, redis) => apply(options, redis.Value.ToConfigurationOptions()));
}
