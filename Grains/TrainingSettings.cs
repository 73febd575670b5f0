namespace EmotionGrid.Grains;

/// <summary>How the TrainingGrain works (from <c>EmotionGrid:Training</c> and <c>EmotionGrid:Emotions</c>).</summary>
public sealed record TrainingSettings
{
    /// <summary>The label set trained on, in this order; other emotions are kept on files but not trained on.</summary>
    public required IReadOnlyList<string> Emotions { get; init; }

    /// <summary>k for k-means; 0 = the number of emotions.</summary>
    public int Clusters { get; init; }

    public int Folds { get; init; } = 5;

    /// <summary>Fewer labelled files than this and training refuses.</summary>
    public int MinLabelledFiles { get; init; } = 20;

    /// <summary>Start a run after this many new labels (0 = only when asked).</summary>
    public int AutoTrainAfterNewLabels { get; init; }

    public int Seed { get; init; } = 42;

    public int EffectiveClusters => Clusters > 0 ? Clusters : Emotions.Count;
}
