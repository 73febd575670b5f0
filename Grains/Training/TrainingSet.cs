using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Models;
using EmotionGrid.Learning.Training;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Training;

/// <summary>
/// The labelled part of a snapshot: vectors whose label is in the label set, class indices in label-set
/// order (only emotions that have files), and speaker groups for the grouped folds.
/// </summary>
public sealed record TrainingSet(float[][] X, int[] Y, string[] Groups, IReadOnlyList<string> Emotions, int WeakLabels, int Unlabelled)
{
    public int SpeakerCount => Groups.Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// Every file of the snapshot for the trainer: labelled ones with their class, the rest (no label, or one
    /// outside the label set) as −1, which still count towards their speaker's statistics.
    /// </summary>
    public TrainingData ToTrainingData(TrainingSnapshot snapshot)
    {
        var labels = snapshot.Files.Select(f => f.Label is { } label
            ? Emotions.ToList().FindIndex(e => string.Equals(e, label, StringComparison.OrdinalIgnoreCase))
            : -1).ToArray();
        return new TrainingData([.. snapshot.Vectors], [.. snapshot.Files.Select(f => f.Speaker)], labels, Emotions, [.. snapshot.Groups]);
    }

    public static TrainingSet From(TrainingSnapshot snapshot, IReadOnlyList<string> labelSet)
    {
        var labelled = Enumerable.Range(0, snapshot.Files.Count)
            .Where(i => snapshot.Files[i].Label is { } label && labelSet.Contains(label, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var present = labelSet.Where(e => labelled.Any(i => string.Equals(snapshot.Files[i].Label, e, StringComparison.OrdinalIgnoreCase))).ToList();
        return new TrainingSet(
            labelled.Select(i => snapshot.Vectors[i]).ToArray(),
            labelled.Select(i => present.FindIndex(e => string.Equals(e, snapshot.Files[i].Label, StringComparison.OrdinalIgnoreCase))).ToArray(),
            labelled.Select(i => snapshot.Groups[i]).ToArray(),
            present,
            labelled.Count(i => snapshot.Files[i].LabelSource == LabelSource.Cluster),
            snapshot.Files.Count - labelled.Count);
    }

    /// <summary>
    /// Why these files cannot make a model (too few labelled in the label set, fewer than two emotions or two
    /// speaker groups), or null. Decided from the catalog rows alone, so it is checked before any vector is read,
    /// and the gateway refuses <c>POST /api/train</c> by the same rule.
    /// </summary>
    public static string? Refusal(IReadOnlyList<LabelledFile> files, IReadOnlyList<string> labelSet, int minimumFiles, string embedder)
    {
        var labelled = files.Where(f => f.Label is { } label && labelSet.Contains(label, StringComparer.OrdinalIgnoreCase)).ToList();
        var emotions = labelled.Select(f => f.Label!.ToLowerInvariant()).Distinct().ToList();
        if (labelled.Count < minimumFiles)
        {
            return $"too few labelled files to train: {labelled.Count} of the {files.Count} embedded {embedder} files have a label in the label set ({string.Join(", ", labelSet)}); at least {minimumFiles} are needed (EmotionGrid:Training:MinLabelledFiles)";
        }

        if (emotions.Count < 2)
        {
            return $"training needs labelled files of at least two emotions; there are only {(emotions.Count == 0 ? "none" : emotions[0])}";
        }

        return labelled.Select(f => f.Speaker ?? f.Id).Distinct(StringComparer.Ordinal).Count() < 2
            ? "speaker-independent evaluation needs files from at least two speakers (or unlabelled speakers: one group per file)"
            : null;
    }

    public static void EnsureTrainable(IReadOnlyList<LabelledFile> files, IReadOnlyList<string> labelSet, int minimumFiles, string embedder)
    {
        if (Refusal(files, labelSet, minimumFiles, embedder) is { } reason)
        {
            throw new TrainingRefusedException(reason);
        }
    }
}
