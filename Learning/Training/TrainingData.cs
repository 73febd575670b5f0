namespace EmotionGrid.Learning.Training;

/// <summary>
/// Every vector of a snapshot, labelled or not (unlabelled rows still shape their speaker's statistics):
/// <see cref="Labels"/> holds a class index into <see cref="Classes"/> or −1; <see cref="Speakers"/> the
/// speaker or null; <see cref="Groups"/> the cross-validation group (the speaker, else the row's own id) so no
/// speaker is ever on both sides of a split. <see cref="TrainOnly"/> marks rows that are only ever trained on, never
/// scored (augmented copies): a fold trains on those of its training groups, and metrics count original rows only.
/// </summary>
public sealed record TrainingData(float[][] Vectors, string?[] Speakers, int[] Labels, IReadOnlyList<string> Classes, string[] Groups)
{
    public bool[]? TrainOnly { get; init; }

    /// <summary>Labelled rows that are scored (not <see cref="TrainOnly"/>).</summary>
    public int[] LabelledRows() => [.. Enumerable.Range(0, Labels.Length).Where(i => Labels[i] >= 0 && TrainOnly?[i] != true)];

    /// <summary>Labelled rows that are only trained on.</summary>
    public int[] TrainOnlyRows() => [.. Enumerable.Range(0, Labels.Length).Where(i => Labels[i] >= 0 && TrainOnly?[i] == true)];

    internal void Validate()
    {
        Matrix.RequireRectangular(Vectors, nameof(Vectors));
        Matrix.RequireSameLength(Vectors.Length, Speakers.Length, nameof(Speakers));
        Matrix.RequireSameLength(Vectors.Length, Labels.Length, nameof(Labels));
        Matrix.RequireSameLength(Vectors.Length, Groups.Length, nameof(Groups));
        if (TrainOnly is not null)
        {
            Matrix.RequireSameLength(Vectors.Length, TrainOnly.Length, nameof(TrainOnly));
        }

        if (Array.Exists(Labels, l => l >= Classes.Count || l < -1))
        {
            throw new ArgumentException($"labels must be −1 (unlabelled) or within 0..{Classes.Count - 1}", nameof(Labels));
        }
    }
}
