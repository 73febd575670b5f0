using EmotionGrid.Learning.Classifiers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionGrid.Learning.Tests.Classifiers;

public class MaxEntLearnerTests : MlNetLearnerContract
{
    private protected override IClassifierLearner Learner { get; } = new MaxEntLearner(new MaxEntParameters(MaxIterations: 30));

    [Theory]
    [InlineData(0.01, 0.0)]
    [InlineData(0.01, 0.05)] // L1 leaves sparse weights
    public void Own_softmax_equals_mlnet_prediction_engine(double l2, double l1)
    {
        var classifier = new MaxEntLearner(new(L2Regularization: l2, L1Regularization: l1, MaxIterations: 30)).Fit(Training.X, Training.Y, 5);
        var payload = classifier.ToModel().Payload!;

        var context = new MLContext(seed: 0);
        var model = context.Model.Load(new MemoryStream(payload), out _);
        var input = SchemaDefinition.Create(typeof(Vector));
        input[nameof(Vector.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, GaussianClasses.Features);
        using var engine = context.Model.CreatePredictionEngine<Vector, Scores>(model, inputSchemaDefinition: input);

        foreach (var row in HeldOut.X)
        {
            var ours = classifier.PredictProbabilities(row);
            var theirs = engine.Predict(new Vector { Features = row }).Score;
            Assert.Equal(4, theirs.Length); // class 4 has no rows, so ML.NET never saw it
            Assert.Equal(0f, ours[4]);
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(theirs[c], ours[c], 1e-6f);
            }
        }
    }

    [Fact]
    public void Learns_unstandardised_features_too()
    {
        // Standardising is the caller's job for speed and conditioning, not for correctness.
        static float[][] Skew(float[][] x) => Array.ConvertAll(x, r => r.Select((v, j) => (v * (1 + (j % 7) * 10)) + 50).ToArray());

        var classifier = Learner.Fit(Skew(Training.X), Training.Y, 4);

        var predicted = Array.ConvertAll(Skew(HeldOut.X), v => GaussianClasses.ArgMax(classifier.PredictProbabilities(v)));
        var accuracy = SyntheticData.Accuracy(HeldOut.Y, predicted);
        Assert.True(accuracy > 0.8, $"held-out accuracy {accuracy:P1}");
    }

    [Fact]
    public void Parameters_are_checked_and_reported()
    {
        Assert.Equal("L2Regularization", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxEntLearner(new(L2Regularization: 0)).Fit(Training.X, Training.Y, 4)).ParamName);
        Assert.Equal("L1Regularization", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxEntLearner(new(L1Regularization: -1)).Fit(Training.X, Training.Y, 4)).ParamName);
        Assert.Equal("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxEntLearner(new(MaxIterations: 0)).Fit(Training.X, Training.Y, 4)).ParamName);

        var settings = new MaxEntLearner(new(L2Regularization: 0.001)).Settings;
        Assert.Equal("0.001", settings["l2"]);
        Assert.Equal("0", settings["l1"]);
    }

    [Fact]
    public void Default_grid_is_small_and_distinct()
    {
        Assert.InRange(MaxEntParameters.DefaultGrid.Count, 2, 4);
        Assert.Equal(MaxEntParameters.DefaultGrid.Count, MaxEntParameters.DefaultGrid.Distinct().Count());
    }

    private sealed class Vector
    {
        public float[] Features = [];
    }

    private sealed class Scores
    {
        public float[] Score = [];
    }
}
