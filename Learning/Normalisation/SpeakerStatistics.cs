namespace EmotionGrid.Learning.Normalisation;

/// <summary>
/// One speaker's per-feature mean and spread over all of that speaker's files (labelled or not), used to
/// z-score the speaker's vectors. Statistics over everything the speaker said, not per emotion, so a speaker
/// with more angry than sad files shifts only as much as their mix of files does.
/// </summary>
public sealed record SpeakerStatistics(string Speaker, int Files, Standardizer Statistics)
{
    /// <summary>
    /// Statistics of one speaker's vectors. Each feature's spread is floored at <paramref name="scaleFloor"/> ×
    /// the global spread: with a few dozen files a feature the speaker barely varies would otherwise be divided
    /// by almost nothing and dominate every distance.
    /// </summary>
    public static SpeakerStatistics Compute(string speaker, IReadOnlyList<float[]> vectors, Standardizer global, double scaleFloor = DefaultScaleFloor)
    {
        ArgumentException.ThrowIfNullOrEmpty(speaker);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(global);
        if (vectors.Count == 0)
        {
            throw new ArgumentException($"speaker {speaker} has no vectors", nameof(vectors));
        }

        var own = Standardizer.Fit([.. vectors]);
        var scale = new float[own.Scale.Length];
        for (var j = 0; j < scale.Length; j++)
        {
            var floor = (float)(scaleFloor * global.Scale[j]);
            // Standardizer gives a constant feature scale 1; treat that as "no spread" and use the floor.
            var spread = IsConstant(vectors, j) ? 0 : own.Scale[j];
            scale[j] = Math.Max(spread, floor);
        }

        return new SpeakerStatistics(speaker, vectors.Count, new Standardizer(own.Mean, scale));
    }

    public const double DefaultScaleFloor = 0.1;

    private static bool IsConstant(IReadOnlyList<float[]> vectors, int j)
    {
        var first = vectors[0][j];
        for (var i = 1; i < vectors.Count; i++)
        {
            if (vectors[i][j] != first)
            {
                return false;
            }
        }

        return true;
    }
}
