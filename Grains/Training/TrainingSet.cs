using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Models;

namespace EmotionGrid.Grains.Training;

/// <summary>
/// The labelled part of a snapshot: vectors whose label is in the label set, class indices in label-set
/// order (only emotions that have files), and speaker groups for the grouped folds.
/// </summary>
public sealed record TrainingSet(float[][] X, int[] Y, string[] Groups, IReadOnlyList<string> Emotions, int WeakLabels, int Unlabelled)
{
    public int SpeakerCount => Groups.Distinct(StringComparer.Ordinal).Count();

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

    public void EnsureTrainable(int minimumFiles, string embedder)
    {
        if (X.Length < minimumFiles)
        {
            throw new TrainingRefusedException(
                $"too few labelled files to train: {X.Length} of the {X.Length + Unlabelled} embedded {embedder} files have a label in the label set; at least {minimumFiles} are needed (EmotionGrid:Training:MinLabelledFiles)");
        }

        if (Emotions.Count < 2)
        {
            throw new TrainingRefusedException(
                $"training needs labelled files of at least two emotions; there are only {(Emotions.Count == 0 ? "none" : Emotions[0])}");
        }

        if (SpeakerCount < 2)
        {
            throw new TrainingRefusedException("speaker-independent evaluation needs files from at least two speakers (or unlabelled speakers: one group per file)");
        }
    }
}
