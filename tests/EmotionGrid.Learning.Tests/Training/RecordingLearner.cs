using EmotionGrid.Learning.Classifiers;

namespace EmotionGrid.Learning.Tests.Training;

/// <summary>A learner that remembers what every fit saw and answers its training class frequencies, whatever the input.</summary>
internal sealed class RecordingLearner : IClassifierLearner
{
    public List<(float[][] X, int[] Y)> Fits { get; } = [];

    public string Learner => "recording";

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public IEmotionClassifier Fit(float[][] x, int[] y, int classCount, CancellationToken cancellationToken = default)
    {
        Fits.Add((x, y));
        var prior = new float[classCount];
        foreach (var label in y)
        {
            prior[label] += 1f / y.Length;
        }

        return new PriorClassifier(prior, x[0].Length);
    }

    private sealed class PriorClassifier(float[] prior, int features) : IEmotionClassifier
    {
        public string Learner => "recording";

        public int ClassCount => prior.Length;

        public int FeatureCount => features;

        public float[] PredictProbabilities(ReadOnlySpan<float> vector) => (float[])prior.Clone();

        public ClassifierModel ToModel() => throw new NotSupportedException();
    }
}
