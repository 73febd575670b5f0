namespace EmotionGrid.Learning.Training;

/// <summary>
/// Every vector of a snapshot, labelled or not (unlabelled rows still shape their speaker's statistics):
/// <see cref="Labels"/> holds a class index into <see cref="Classes"/> or −1; <see cref="Speakers"/> the
/// speaker or null; <see cref="Groups"/> the cross-validation group (the speaker, else the row's own id) so no
/// speaker is ever on both sides of a split.
/// </summary>
public sealed record TrainingData(float[][] Vectors, string?[] Speakers, int[] Labels, IReadOnlyList<string> Classes, string[] Groups)
{
    public int[] LabelledRows() => [.. Enumerable.Range(0, Labels.Length).Where(i => Labels[i] >= 0)];

    internal void Validate()
    {
        Matrix.RequireRectangular(Vectors, nameof(Vectors));
        Matrix.RequireSameLength(Vectors.Length, Speakers.Length, nameof(Speakers));
        Matrix.RequireSameLength(Vectors.Length, Labels.Length, nameof(Labels));
        Matrix.RequireSameLength(Vectors.Length, Groups.Length, nameof(Groups));
        if (Array.Exists(Labels, l => l >= Classes.Count || l < -1))
        {
            throw new ArgumentException($"labels must be −1 (unlabelled) or within 0..{Classes.Count - 1}", nameof(Labels));
        }
    }
}
