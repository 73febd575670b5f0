namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// Soft-voting ensemble: fits each member learner on the same rows and averages their class probabilities.
/// A forest (well calibrated, but it rarely answers "sad") and a maximum-entropy model (finds sad, over-confident)
/// err differently, so the average keeps the strengths of both (see bench quality).
/// </summary>
public sealed class EnsembleLearner(IReadOnlyList<IClassifierLearner> members) : IClassifierLearner
{
    public const string Name = "ensemble";

    public IReadOnlyList<IClassifierLearner> Members { get; } = members is { Count: >= 2 } ? members : throw new ArgumentException("an ensemble needs at least two members", nameof(members));

    public string Learner => Name;

    public IReadOnlyDictionary<string, string> Settings =>
        Members.SelectMany((m, i) => m.Settings.Select(s => (Key: $"{i}.{m.Learner}.{s.Key}", s.Value)).Prepend(($"{i}", m.Learner)))
            .ToDictionary(p => p.Item1, p => p.Item2);

    public IEmotionClassifier Fit(float[][] x, int[] y, int classCount, CancellationToken cancellationToken = default) =>
        new EnsembleEmotionClassifier([.. Members.Select(m => m.Fit(x, y, classCount, cancellationToken))]);
}

/// <summary>The fitted members of an <see cref="EnsembleLearner"/>; probabilities are the members' mean.</summary>
public sealed class EnsembleEmotionClassifier : IEmotionClassifier
{
    private readonly IEmotionClassifier[] _members;

    public EnsembleEmotionClassifier(IEmotionClassifier[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Length < 2 || members.Any(m => m.ClassCount != members[0].ClassCount || m.FeatureCount != members[0].FeatureCount))
        {
            throw new ArgumentException("an ensemble needs at least two members of the same class and feature counts", nameof(members));
        }

        _members = members;
    }

    public IReadOnlyList<IEmotionClassifier> Members => _members;

    public string Learner => EnsembleLearner.Name;

    public int ClassCount => _members[0].ClassCount;

    public int FeatureCount => _members[0].FeatureCount;

    public float[] PredictProbabilities(ReadOnlySpan<float> vector)
    {
        var sum = new float[ClassCount];
        foreach (var member in _members)
        {
            var p = member.PredictProbabilities(vector);
            for (var c = 0; c < sum.Length; c++)
            {
                sum[c] += p[c] / _members.Length;
            }
        }

        return sum;
    }

    public ClassifierModel ToModel() => new(Learner, ClassCount, FeatureCount) { Members = [.. _members.Select(m => m.ToModel())] };
}
