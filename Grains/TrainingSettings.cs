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

    /// <summary><c>speaker</c> (each speaker's own statistics when they have <see cref="MinSpeakerFiles"/> files) or <c>global</c>.</summary>
    public string Normalisation { get; init; } = Learning.Normalisation.NormalisationMode.Speaker;

    public int MinSpeakerFiles { get; init; } = Learning.Training.TrainingOptions.DefaultMinSpeakerFiles;

    /// <summary><c>auto</c> (every learner, the best on held-out speakers wins), <c>forest</c>, <c>lightgbm</c> or <c>maxent</c>.</summary>
    public string Learner { get; init; } = Learning.Classifiers.LearnerGrids.Auto;

    public bool BalanceClasses { get; init; } = true;

    public bool Calibrate { get; init; } = true;

    /// <summary><c>auto</c> (augment with the acoustic embedders, whose variants are cheap), <c>on</c> or <c>off</c>.</summary>
    public string Augmentation { get; init; } = "auto";

    public bool Augments(string embedder) => Augmentation switch
    {
        "on" => true,
        "off" => false,
        _ => embedder.StartsWith("acoustic-", StringComparison.Ordinal),
    };

    public int EffectiveClusters => Clusters > 0 ? Clusters : Emotions.Count;
}
