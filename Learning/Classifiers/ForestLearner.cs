using System.Globalization;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>Our <see cref="RandomForestClassifier"/> as a learner.</summary>
public sealed class ForestLearner(ForestParameters parameters) : IClassifierLearner
{
    public const string Name = "forest";

    public ForestParameters Parameters { get; } = parameters ?? throw new ArgumentNullException(nameof(parameters));

    public string Learner => Name;

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["trees"] = Parameters.Trees.ToString(CultureInfo.InvariantCulture),
        ["maxDepth"] = Parameters.MaxDepth?.ToString(CultureInfo.InvariantCulture) ?? "unlimited",
        ["minSamplesLeaf"] = Parameters.MinSamplesLeaf.ToString(CultureInfo.InvariantCulture),
        ["maxFeatures"] = Parameters.MaxFeatures?.ToString(CultureInfo.InvariantCulture) ?? "sqrt",
        ["seed"] = Parameters.Seed.ToString(CultureInfo.InvariantCulture),
    };

    public IEmotionClassifier Fit(float[][] x, int[] y, int classCount, CancellationToken cancellationToken = default) =>
        new ForestEmotionClassifier(RandomForestClassifier.Fit(x, y, classCount, Parameters, cancellationToken));
}

/// <summary>A fitted forest behind <see cref="IEmotionClassifier"/>.</summary>
public sealed class ForestEmotionClassifier(RandomForestClassifier forest) : IEmotionClassifier
{
    public RandomForestClassifier Forest { get; } = forest ?? throw new ArgumentNullException(nameof(forest));

    public string Learner => ForestLearner.Name;

    public int ClassCount => Forest.ClassCount;

    public int FeatureCount => Forest.FeatureCount;

    public float[] PredictProbabilities(ReadOnlySpan<float> vector) => Forest.PredictProbabilities(vector);

    public ClassifierModel ToModel() => new(Learner, ClassCount, FeatureCount, Forest: Forest.ToModel());
}
