namespace EmotionGrid.Learning.Normalisation;

/// <summary>
/// Normalises vectors for a model: with its speaker's statistics when the speaker is known and has at least
/// <see cref="MinSpeakerFiles"/> files, otherwise with the global statistics (the training vectors'). The
/// answer says which was used. Speaker statistics are not part of the model: they come from the catalog at the
/// time of use, so a speaker's new files update them and re-scoring applies them.
/// </summary>
public sealed class SpeakerNormalizer(string mode, Standardizer global, int minSpeakerFiles)
{
    public string Mode { get; } = NormalisationMode.IsKnown(mode) ? mode : throw new ArgumentException($"unknown normalisation '{mode}'", nameof(mode));

    public Standardizer Global { get; } = global ?? throw new ArgumentNullException(nameof(global));

    public int MinSpeakerFiles { get; } = minSpeakerFiles >= 2 ? minSpeakerFiles : throw new ArgumentOutOfRangeException(nameof(minSpeakerFiles), minSpeakerFiles, "at least 2 files are needed for a spread");

    /// <summary>Whether <paramref name="speaker"/>'s statistics would be used (speaker mode, enough files).</summary>
    public bool Uses(SpeakerStatistics? speaker) => Mode == NormalisationMode.Speaker && speaker is not null && speaker.Files >= MinSpeakerFiles;

    /// <summary>The normalised vector and which statistics made it (<see cref="NormalisationMode.Speaker"/> or <see cref="NormalisationMode.Global"/>).</summary>
    public (float[] Vector, string Used) Transform(ReadOnlySpan<float> vector, SpeakerStatistics? speaker) =>
        Uses(speaker) ? (speaker!.Statistics.Transform(vector), NormalisationMode.Speaker) : (Global.Transform(vector), NormalisationMode.Global);

    /// <summary>
    /// Statistics for every speaker of a set of vectors (labelled or not) that has at least <see cref="MinSpeakerFiles"/>
    /// files; null or empty speakers have none.
    /// </summary>
    public IReadOnlyDictionary<string, SpeakerStatistics> SpeakerStatisticsOf(IReadOnlyList<float[]> vectors, IReadOnlyList<string?> speakers)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(speakers);
        Matrix.RequireSameLength(vectors.Count, speakers.Count, nameof(speakers));
        var result = new Dictionary<string, SpeakerStatistics>(StringComparer.Ordinal);
        foreach (var group in Enumerable.Range(0, vectors.Count).Where(i => !string.IsNullOrEmpty(speakers[i])).GroupBy(i => speakers[i]!, StringComparer.Ordinal))
        {
            var rows = group.Select(i => vectors[i]).ToList();
            if (rows.Count >= MinSpeakerFiles)
            {
                result[group.Key] = SpeakerStatistics.Compute(group.Key, rows, Global);
            }
        }

        return result;
    }

    /// <summary>Every row normalised as <see cref="Transform"/> would, with each row's speaker statistics from <paramref name="statistics"/>.</summary>
    public float[][] TransformAll(IReadOnlyList<float[]> vectors, IReadOnlyList<string?> speakers, IReadOnlyDictionary<string, SpeakerStatistics> statistics, out int bySpeaker)
    {
        var result = new float[vectors.Count][];
        var count = 0;
        for (var i = 0; i < vectors.Count; i++)
        {
            var own = speakers[i] is { } s && statistics.TryGetValue(s, out var st) ? st : null;
            var (z, used) = Transform(vectors[i], own);
            result[i] = z;
            count += used == NormalisationMode.Speaker ? 1 : 0;
        }

        bySpeaker = count;
        return result;
    }
}
