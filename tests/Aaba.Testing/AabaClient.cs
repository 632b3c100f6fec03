using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Aaba.Testing;

/// <summary>Domain helpers over the HTTP API, so tests read as what a user does.</summary>
public sealed class AabaClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Cancellation);

    /// <summary>Submits a run and asserts the 202; returns the task id.</summary>
    public async Task<string> RunAsync(string agent, string inputJson)
    {
        using var response = await PostJsonAsync($"/agents/{agent}/run", inputJson);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("task_id").GetString()!;
    }

    /// <summary>The task's JSON, or null on 404.</summary>
    public async Task<JsonElement?> GetTaskAsync(string taskId)
    {
        using var response = await Http.GetAsync($"/agents/status/{taskId}", Cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    /// <summary>Polls until the task is terminal (or fails the test after <paramref name="timeout"/>).</summary>
    public async Task<JsonElement> WaitForTerminalAsync(string taskId, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var task = await GetTaskAsync(taskId) ?? throw new Xunit.Sdk.XunitException($"Task {taskId} disappeared.");
            if (task.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return task;
            }
            try
            {
                await Task.Delay(25, deadline.Token);
            }
            catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"Task {taskId} is still {task.GetProperty("status").GetString()} after {timeout ?? TimeSpan.FromSeconds(30)}.");
            }
        }
    }

    public void Dispose() => Http.Dispose();
}
