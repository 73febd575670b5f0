namespace EmotionGrid.Onnx.Wav2Vec2;

/// <summary>The <c>EmotionGrid:Embedding:Wav2Vec2</c> settings.</summary>
public sealed record Wav2Vec2Options
{
    /// <summary>A Hugging Face / optimum ONNX export of a Wav2Vec2-family encoder.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Zero mean, unit variance per clip, as the Wav2Vec2 feature extractor does (<c>do_normalize</c>).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Clips per model run.</summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>Padded audio per run (batch size × longest clip), bounding memory.</summary>
    public double MaxBatchSeconds { get; init; } = 160;

    /// <summary>Model runs at once; each uses the session's intra-op threads, so 1 keeps the cores from being oversubscribed.</summary>
    public int MaxConcurrentRuns { get; init; } = 1;
}
