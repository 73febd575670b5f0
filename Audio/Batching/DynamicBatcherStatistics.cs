namespace EmotionGrid.Audio.Batching;

/// <summary>
/// What a <see cref="DynamicBatcher"/> has asked of its inner embedder so far. Every call of
/// <see cref="IBatchAudioEmbedder.EmbedBatch"/> counts, a failed run's one-clip retries included.
/// </summary>
/// <param name="Runs">Model runs started.</param>
/// <param name="Clips">Clips passed to those runs.</param>
/// <param name="AudioSamples">Real samples in those clips.</param>
/// <param name="PaddedSamples">Samples the runs processed once padded: clips × longest clip, summed over runs.</param>
/// <param name="LargestRun">Most clips in one run.</param>
public sealed record DynamicBatcherStatistics(long Runs, long Clips, long AudioSamples, long PaddedSamples, int LargestRun)
{
    public static DynamicBatcherStatistics Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Share of the processed samples that were padding (0 when nothing ran).</summary>
    public double PaddingFraction => PaddedSamples == 0 ? 0 : 1 - ((double)AudioSamples / PaddedSamples);

    internal DynamicBatcherStatistics Add(IReadOnlyList<float[]> run)
    {
        long audio = 0;
        long longest = 0;
        foreach (var clip in run)
        {
            var length = clip?.Length ?? 0;
            audio += length;
            longest = Math.Max(longest, length);
        }

        return new(Runs + 1, Clips + run.Count, AudioSamples + audio, PaddedSamples + (run.Count * longest), Math.Max(LargestRun, run.Count));
    }
}
