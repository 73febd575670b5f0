using EmotionGrid.Learning;
using EmotionGrid.Learning.Normalisation;

namespace EmotionGrid.Grains.Models;

/// <summary>
/// A snapshot's vectors normalised the way training sees them (each speaker with enough files by their own
/// statistics, the rest globally), for clustering: on raw vectors k-means finds voices, not emotions.
/// </summary>
public static class SnapshotNormalisation
{
    public static float[][] Normalise(TrainingSnapshot snapshot, string mode, int minSpeakerFiles)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var vectors = snapshot.Vectors;
        if (vectors.Count < 2)
        {
            return [.. vectors]; // nothing to normalise against; the cluster builder says why it cannot cluster
        }

        var normalizer = new SpeakerNormalizer(mode, Standardizer.Fit([.. vectors]), minSpeakerFiles);
        var speakers = snapshot.Files.Select(f => f.Speaker).ToList();
        var statistics = mode == NormalisationMode.Speaker
            ? normalizer.SpeakerStatisticsOf(vectors, speakers)
            : new Dictionary<string, SpeakerStatistics>();
        return normalizer.TransformAll(vectors, speakers, statistics, out _);
    }
}
