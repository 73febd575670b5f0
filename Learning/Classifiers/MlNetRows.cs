namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// A training row as ML.NET reads it. <see cref="Label"/> is the 0-based index of the row's class among the classes
/// present in training (ML.NET stores it as key <c>Label + 1</c>, key 0 meaning missing).
/// </summary>
internal sealed class MlNetTrainingRow
{
    public uint Label;

    public float[] Features = [];
}

/// <summary>A vector to score; one per pooled prediction engine, refilled in place for each call.</summary>
internal sealed class MlNetFeatureRow
{
    public float[] Features = [];
}

/// <summary>The multiclass scorer's output: one probability per class present in training, in key order.</summary>
internal sealed class MlNetScoreRow
{
    public float[] Score = [];
}
