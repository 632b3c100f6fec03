using Aaba.Grains.Agents;
using Aaba.Grains.Agents.Add;
using Aaba.Grains.Agents.Lead;
using Aaba.Grains.Agents.Lead.Llm;
using Aaba.Grains.Agents.Crm;
using Aaba.Grains.Agents.Enrich;
using Aaba.Grains.Agents.Llm;
using Aaba.Grains.Agents.Pipeline;
using Aaba.Grains.Net;
using Aaba.Grains.Orchestration;
using Aaba.Grains.Schedules;
using Aaba.Grains.Security;
using Aaba.Grains.Storage;
using Aaba.Grains.Tasks;
using Aaba.Grains.Telemetry;
using Aaba.Grains.Tenancy;
using Aaba.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Aaba.Grains;

/// <summary>Everything a silo needs to run Aaba's grains, besides Orleans' own providers.</summary>
public static class AabaGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddAabaGrains(this IServiceCollection services)
    {
        services.AddOptions<TaskOptions>().BindConfiguration(TaskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AgentCatalogOptions>().BindConfiguration(AgentCatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedisConnectionOptions>().BindConfiguration(RedisConnectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AabaMetrics>();

        services.TryAddSingleton<AabaRedis>();
        services.TryAddSingleton<TaskKeys>();
        services.TryAddSingleton<ITaskIndex, RedisTaskIndex>();
        services.TryAddSingleton<RedisTaskStore>();
        services.TryAddSingleton<IWriteDurability, RedisWriteDurability>();
        services.TryAddSingleton<RedisTranscriptStore>();
        services.AddSingleton<TaskSubmissionValidator>();
        services.AddSingleton<AttemptSupervisor>();
        services.AddSingleton<SiloDrain>();
        services.AddSingleton<TaskRecoveryService>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TaskRecoveryService>());
        services.AddSingleton<FinishedTaskDepartures>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<FinishedTaskDepartures>());
        services.AddHostedService<CleanShutdown>();

        // Tenants' limits, API keys (hashes), the audit trail, agent secrets (Data Protection, key ring in Redis).
        services.AddOptions<TenantLimitsOptions>().BindConfiguration(TenantLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAabaDataProtection();
        services.TryAddSingleton<TenantUsage>();
        services.TryAddSingleton<AccessKeyStore>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<AgentSecretStore>();

        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);
        services.TryAddSingleton<OutboundUrlGuard>();

        services.AddSingleton<AgentKindRegistry>();
        services.AddSingleton<AgentCatalogCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AgentCatalogCache>());
        services.TryAddSingleton<RegistryStore>();
        services.AddSingleton<AgentRunner>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AgentRunner>());
        services.AddSingleton<IAgentKind, AddAgentKind>();
        services.AddSingleton<IAgentKind, LeadAgentKind>();
        services.AddSingleton<CatalogueLeadSource>();
        services.AddSingleton<ILeadSource>(sp => sp.GetRequiredService<CatalogueLeadSource>());
        services.AddOptions<LeadFeedOptions>().BindConfiguration(LeadFeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Retries of transient failures come from the host's HttpClient defaults (Aaba.ServiceDefaults), as for every client.
        services.AddHttpClient(FeedLeadSource.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ILeadSource, FeedLeadSource>();
        services.AddSingleton<LeadSearch>();
        services.AddSingleton<LeadTools>();
        services.AddSingleton<LlmCallGate>();
        services.AddSingleton<LlmLeadFinder>();
        // The model provider; a host may register another IChatClient under this key first.
        services.TryAddKeyedSingleton<IChatClient>(LlmProvider.ServiceKey,
            (sp, _) => LlmProvider.CreateOpenAiCompatible(sp.GetRequiredService<IOptions<LlmOptions>>().Value));
        services.AddSingleton<LeadAgent>();

        // Automations: configured agents, lead enrichment, CRM delivery, pipelines; pages fetched through the URL guard.
        services.AddOptions<FetchOptions>().BindConfiguration(FetchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(PageFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => PageFetcher.CreateHandler(sp.GetRequiredService<OutboundUrlGuard>()));
        services.TryAddSingleton<PageFetcher>();
        services.TryAddSingleton<LeadEnricher>();
        services.TryAddSingleton<AgentToolCatalog>();
        services.TryAddSingleton<AgentConcurrencyGate>();
        services.AddSingleton<IAgentKind, LlmAgentKind>();
        services.AddSingleton<LlmAgent>();
        services.AddSingleton<IAgentKind, EnrichAgentKind>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.CreateHandler(sp.GetRequiredService<OutboundUrlGuard>()));
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<CompletionWebhooks>();
        services.AddSingleton<IAgentKind, CrmAgentKind>();
        services.AddSingleton<CrmAgent>();
        services.TryAddSingleton<PipelineStepStore>();
        services.AddSingleton<IAgentKind, PipelineAgentKind>();
        services.AddSingleton<PipelineAgent>();
        // Schedules: their definitions in Redis, each kept firing by its grain's timer and its Orleans reminder.
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ScheduleStore>();
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
