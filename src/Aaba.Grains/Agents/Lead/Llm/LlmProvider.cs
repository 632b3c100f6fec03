using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Aaba.Grains.Agents.Lead.Llm;

/// <summary>
/// The model provider behind the lead agent: an <see cref="IChatClient"/> registered under <see cref="ServiceKey"/>.
/// By default it is the OpenAI SDK against <see cref="LlmOptions.BaseUrl"/> (OpenAI, Azure OpenAI, Ollama, vLLM,
/// LM Studio…); a host can register any other <see cref="IChatClient"/> under the key instead.
/// </summary>
public static class LlmProvider
{
    public const string ServiceKey = "aaba:lead-model";

    public static IChatClient CreateOpenAiCompatible(LlmOptions settings) =>
        CreateOpenAiCompatible(settings, string.IsNullOrWhiteSpace(settings.ApiKey)
            ? throw new InvalidOperationException("The lead agent has no model configured (OPENAI_API_KEY is empty).")
            : settings.ApiKey);

    /// <summary>The OpenAI-compatible client of <paramref name="settings"/> with another key (an agent's own <c>model_api_key</c> secret).</summary>
    public static IChatClient CreateOpenAiCompatible(LlmOptions settings, string apiKey)
    {
        var clientOptions = new OpenAIClientOptions
        {
            // Retries and the per-call timeout are Aaba's (LlmCallPolicyChatClient), so failures map to its error codes.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.RequestTimeout + TimeSpan.FromSeconds(5),
        };
        if (!string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            clientOptions.Endpoint = new Uri(settings.BaseUrl);
        }
        return new OpenAI.Chat.ChatClient(settings.Model, new ApiKeyCredential(apiKey), clientOptions).AsIChatClient();
    }
}
