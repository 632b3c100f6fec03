namespace Aaba.Grains.Tasks;

/// <summary>A task's transcript, stored apart from its state so that status reads never load it.</summary>
[GenerateSerializer, Alias("aaba.transcript-state")]
public sealed class TranscriptState
{
    /// <summary>A JSON array of transcript entries.</summary>
    [Id(0)] public string Json { get; set; } = "[]";
}
