using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Models;

/// <summary>The embedded files a run saw, their vectors (same order) and speaker groups (speaker, else the file id).</summary>
public sealed record TrainingSnapshot(IReadOnlyList<LabelledFile> Files, IReadOnlyList<float[]> Vectors, IReadOnlyList<string> Groups, int Dimension);
