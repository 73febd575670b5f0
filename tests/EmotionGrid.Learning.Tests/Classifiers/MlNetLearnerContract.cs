using System.Text.Json;
using EmotionGrid.Learning.Classifiers;

namespace EmotionGrid.Learning.Tests.Classifiers;

/// <summary>What every ML.NET learner behind <see cref="IClassifierLearner"/> must do; one subclass per learner.</summary>
public abstract class MlNetLearnerContract
{
    private static readonly int[] FourClasses = [0, 1, 2, 3];

    /// <summary>A quick setting of the learner under test.</summary>
    private protected abstract IClassifierLearner Learner { get; }

    private protected static (float[][] X, int[] Y) Training { get; } = GaussianClasses.Sample([3, 1, 0, 2], 80, seed: 1);

    private protected static (float[][] X, int[] Y) HeldOut { get; } = GaussianClasses.Sample(FourClasses, 40, seed: 2);

    [Fact]
    public void Learns_separable_gaussian_classes_whatever_order_they_first_appear_in()
    {
        // Class 3 comes first in the training rows: a label mapping by first appearance would swap classes.
        var classifier = Learner.Fit(Training.X, Training.Y, 4);

        Assert.Equal(Learner.Learner, classifier.Learner);
        Assert.Equal(4, classifier.ClassCount);
        Assert.Equal(GaussianClasses.Features, classifier.FeatureCount);
        var predicted = Array.ConvertAll(HeldOut.X, v => GaussianClasses.ArgMax(classifier.PredictProbabilities(v)));
        var accuracy = SyntheticData.Accuracy(HeldOut.Y, predicted);
        Assert.True(accuracy > 0.9, $"held-out accuracy {accuracy:P1}");
    }

    [Fact]
    public void Classes_without_training_rows_keep_a_zero_slot()
    {
        // Classes 1 and 4 (the last) have no rows; the others keep their own slots.
        var (x, y) = GaussianClasses.Sample([3, 0, 2], 60, seed: 3);

        var classifier = Learner.Fit(x, y, 5);

        Assert.Equal(5, classifier.ClassCount);
        foreach (var (row, label) in HeldOut.X.Zip(HeldOut.Y).Where(r => r.Second != 1))
        {
            var p = classifier.PredictProbabilities(row);
            Assert.Equal(5, p.Length);
            Assert.Equal(0f, p[1]);
            Assert.Equal(0f, p[4]);
            Assert.All(p, v => Assert.InRange(v, 0f, 1f));
            Assert.Equal(1, p.Sum(), 1e-5);
        }

        var right = HeldOut.X.Zip(HeldOut.Y).Count(r => r.Second != 1 && GaussianClasses.ArgMax(classifier.PredictProbabilities(r.First)) == r.Second);
        Assert.True(right > 0.9 * 120, $"{right} of 120 right");
    }

    [Fact]
    public void Fitting_twice_gives_the_same_probabilities()
    {
        var first = Learner.Fit(Training.X, Training.Y, 4);
        var second = Learner.Fit(Training.X, Training.Y, 4);

        foreach (var row in HeldOut.X)
        {
            Assert.Equal(first.PredictProbabilities(row), second.PredictProbabilities(row));
        }
    }

    [Fact]
    public void A_saved_model_loads_back_and_predicts_identically()
    {
        var classifier = Learner.Fit(Training.X, Training.Y, 4);

        // Through JSON, as model.json stores it (the payload as base64).
        var json = JsonSerializer.Serialize(classifier.ToModel());
        var saved = JsonSerializer.Deserialize<ClassifierModel>(json)!;
        var loaded = ClassifierModels.Load(saved);

        Assert.Equal(Learner.Learner, saved.Learner);
        Assert.NotEmpty(saved.Payload!);
        Assert.Null(saved.Forest);
        Assert.Equal((classifier.Learner, classifier.ClassCount, classifier.FeatureCount), (loaded.Learner, loaded.ClassCount, loaded.FeatureCount));
        Assert.Equal(loaded.GetType(), classifier.GetType());
        foreach (var row in HeldOut.X)
        {
            Assert.Equal(classifier.PredictProbabilities(row), loaded.PredictProbabilities(row));
        }

        // And saved again, it is still the same model.
        var again = ClassifierModels.Load(loaded.ToModel());
        Assert.Equal(classifier.PredictProbabilities(HeldOut.X[0]), again.PredictProbabilities(HeldOut.X[0]));
    }

    [Fact]
    public void Concurrent_predictions_equal_sequential_ones()
    {
        var classifier = ClassifierModels.Load(Learner.Fit(Training.X, Training.Y, 4).ToModel());
        var sequential = Array.ConvertAll(HeldOut.X, v => classifier.PredictProbabilities(v));

        var concurrent = new float[8][][];
        Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            concurrent[t] = new float[HeldOut.X.Length][];
            for (var k = 0; k < HeldOut.X.Length; k++)
            {
                var i = (k + (t * 17)) % HeldOut.X.Length; // every thread in its own order
                concurrent[t][i] = classifier.PredictProbabilities(HeldOut.X[i]);
            }
        });

        Assert.All(concurrent, run => Assert.Equal(sequential, run));
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_parameter()
    {
        var (x, y) = (Training.X, Training.Y);
        float[][] ragged = [.. x.Take(10), new float[3]];
        var nan = x.Select(r => (float[])r.Clone()).ToArray();
        nan[5][7] = float.NaN;
        var oneClass = Enumerable.Repeat(2, x.Length).ToArray();

        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Learner.Fit(ragged, y[..11], 4)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Learner.Fit(nan, y, 4)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Learner.Fit(null!, y, 4)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Learner.Fit(x, y[1..], 4)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Learner.Fit(x, y, 3)).ParamName); // label 3
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Learner.Fit(x, [.. y.Select(v => -v)], 4)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Learner.Fit(x, oneClass, 4)).ParamName);
        Assert.Equal("classCount", Assert.Throws<ArgumentOutOfRangeException>(() => Learner.Fit(x, new int[x.Length], 1)).ParamName);

        var classifier = Learner.Fit(x, y, 4);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => classifier.PredictProbabilities(new float[GaussianClasses.Features - 1])).ParamName);
    }

    [Fact]
    public void A_payload_that_does_not_fit_the_record_is_refused()
    {
        var saved = Learner.Fit(Training.X, Training.Y, 4).ToModel();
        var other = Learner.Learner == LightGbmLearner.Name ? MaxEntLearner.Name : LightGbmLearner.Name;

        Assert.Equal("model", Assert.Throws<ArgumentException>(() => ClassifierModels.Load(saved with { Learner = other })).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => ClassifierModels.Load(saved with { FeatureCount = 47 })).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => ClassifierModels.Load(saved with { ClassCount = 3 })).ParamName); // slot "3"
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => ClassifierModels.Load(saved with { Payload = null })).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => ClassifierModels.Load(saved with { Payload = [1, 2, 3] })).ParamName);
        Assert.Equal(6, ClassifierModels.Load(saved with { ClassCount = 6 }).PredictProbabilities(HeldOut.X[0]).Length); // more classes: zero slots
    }

    [Fact]
    public void A_cancelled_fit_throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Learner.Fit(Training.X, Training.Y, 4, cancelled.Token));
    }
}
