using System.Text.Json;
using System.Text.Json.Nodes;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Models;
using EmotionGrid.Learning;
using EmotionGrid.Learning.Calibration;
using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;

namespace EmotionGrid.Grains.Tests;

/// <summary>
/// A loaded model version: format 1 (a bare forest on raw vectors) predicts exactly as the forest did; format 2
/// normalises by the speaker's own statistics when they cover enough files, else by the global ones, and applies
/// the calibration temperature without moving the arg-max.
/// </summary>
public sealed class ActiveModelTests
{
    internal static readonly string[] Emotions = ["calm", "angry"];

    /// <summary>ModelStore's JSON settings.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>Two classes on a 3-d feature space: class 0 around 0 on the first feature, class 1 around 5.</summary>
    private static (float[][] X, int[] Y) Rows()
    {
        var x = new List<float[]>();
        var y = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            var jitter = (i % 4) * 0.1f;
            x.Add([jitter, 1 + jitter, -jitter]);
            y.Add(0);
            x.Add([5 + jitter, 1 - jitter, jitter]);
            y.Add(1);
        }

        return ([.. x], [.. y]);
    }

    internal static RandomForestClassifier Forest()
    {
        var (x, y) = Rows();
        return RandomForestClassifier.Fit(x, y, 2, new ForestParameters(Trees: 15, MaxFeatures: 3, Seed: 7, Parallelism: 1));
    }

    internal static ModelDocument Document(int version, ForestModel? forest, ClassifierModel? classifier = null, ModelNormalisation? normalisation = null, double temperature = 1) =>
        new(
            version,
            "test-embedder",
            3,
            Emotions,
            null,
            [],
            new ModelMetrics(0.9, 0.9, 0.5, Emotions, [], [[1, 0], [0, 1]], 2, 24, 0, 2, null, null),
            "models/snapshot.json",
            new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
            forest)
        {
            Classifier = classifier,
            Normalisation = normalisation,
            Temperature = temperature,
        };

    [Fact]
    public void A_format_1_document_predicts_on_raw_vectors_exactly_as_its_forest()
    {
        var forest = Forest();
        var json = JsonSerializer.SerializeToNode(Document(3, forest.ToModel()), Json)!.AsObject();
        // what a version written before format 2 looks like: none of the newer fields at all
        foreach (var newer in new[] { "format", "classifier", "learnerSettings", "normalisation", "temperature", "learner", "normalisationMode" })
        {
            json.Remove(newer);
        }

        Assert.False(json.ContainsKey("classifier"));
        Assert.True(json.ContainsKey("forest"));
        var document = JsonSerializer.Deserialize<ModelDocument>(json.ToJsonString(Json), Json)!;
        Assert.Null(document.Classifier);
        Assert.Null(document.Normalisation);
        Assert.Equal(1, document.Temperature);

        var model = new ActiveModel(document);

        Assert.Null(model.Normalizer);
        Assert.False(model.UsesSpeakerStatistics);
        float[][] probes = [[0.1f, 1f, 0f], [5.2f, 0.9f, 0.1f], [2.4f, 1f, 0f], [2.6f, 0.2f, 3f], [-10f, 7f, 7f]];
        foreach (var probe in probes)
        {
            var expected = forest.PredictProbabilities(probe);
            // speaker statistics are ignored by a format-1 version
            var speaker = SpeakerStatistics.Compute("s1", [[100f, 100f, 100f], [101f, 90f, 80f], [99f, 95f, 85f]], new Standardizer([0f, 0f, 0f], [1f, 1f, 1f]));
            var prediction = model.Predict(probe, speaker, out var used);

            Assert.Equal(NormalisationMode.None, used);
            AssertPrediction(expected, prediction, version: 3);
        }
    }

    [Fact]
    public void A_format_2_forest_uses_the_speakers_own_statistics_only_when_they_cover_enough_files()
    {
        var forest = new ForestEmotionClassifier(Forest());
        var global = new ModelNormalisation(NormalisationMode.Speaker, 3, [1f, 0f, 0f], [1f, 1f, 1f]);
        var model = new ActiveModel(RoundTrip(Document(4, null, forest.ToModel(), global)));
        Assert.True(model.UsesSpeakerStatistics);

        // a speaker whose voice sits 5 higher on the first feature: their 5 is their 0
        float[][] own = [[4f, 0f, 0f], [5f, 1f, 0.5f], [6f, 2f, 1f]];
        var speaker = SpeakerStatistics.Compute("s1", own, new Standardizer(global.Mean, global.Scale));
        var tooFew = SpeakerStatistics.Compute("s1", own[..2], new Standardizer(global.Mean, global.Scale));
        float[] vector = [5f, 1f, 0.5f];

        var bySpeaker = model.Predict(vector, speaker, out var used);
        Assert.Equal(NormalisationMode.Speaker, used);
        AssertPrediction(forest.PredictProbabilities(ZScores(vector, speaker.Statistics.Mean, speaker.Statistics.Scale)), bySpeaker, version: 4);
        Assert.Equal("calm", bySpeaker.Emotion);

        foreach (var fallback in new[] { tooFew, null })
        {
            var globally = model.Predict(vector, fallback, out used);
            Assert.Equal(NormalisationMode.Global, used);
            AssertPrediction(forest.PredictProbabilities(ZScores(vector, global.Mean, global.Scale)), globally, version: 4);
            Assert.Equal("angry", globally.Emotion); // 5 − 1 = 4 globally: the angry side
        }
    }

    [Fact]
    public void A_format_2_maxent_model_in_speaker_mode_falls_back_to_global_statistics_below_the_minimum()
    {
        var (x, y) = Rows();
        var mean = new[] { 2.5f, 1f, 0f };
        var scale = new[] { 2.5f, 0.3f, 0.2f };
        var z = x.Select(r => ZScores(r, mean, scale)).ToArray();
        var classifier = new MaxEntLearner(new MaxEntParameters(MaxIterations: 50)).Fit(z, y, 2, TestContext.Current.CancellationToken);
        var normalisation = new ModelNormalisation(NormalisationMode.Speaker, 4, mean, scale);
        var model = new ActiveModel(RoundTrip(Document(5, null, classifier.ToModel(), normalisation)));
        Assert.Equal(MaxEntLearner.Name, RoundTrip(Document(5, null, classifier.ToModel(), normalisation)).Learner);

        float[][] own = [[1f, 0.5f, 0f], [2f, 1.5f, 0.4f], [3f, 0.8f, 0.1f], [2.5f, 1.1f, 0.3f], [1.5f, 0.9f, 0.2f]];
        var globalStatistics = new Standardizer(mean, scale);
        var enough = SpeakerStatistics.Compute("s2", own[..4], globalStatistics);
        var three = SpeakerStatistics.Compute("s2", own[..3], globalStatistics);
        float[] vector = [3.2f, 1.2f, 0.3f];

        var bySpeaker = model.Predict(vector, enough, out var used);
        Assert.Equal(NormalisationMode.Speaker, used);
        AssertPrediction(classifier.PredictProbabilities(ZScores(vector, enough.Statistics.Mean, enough.Statistics.Scale)), bySpeaker, version: 5);

        var globally = model.Predict(vector, three, out used);
        Assert.Equal(NormalisationMode.Global, used);
        AssertPrediction(classifier.PredictProbabilities(ZScores(vector, mean, scale)), globally, version: 5);
        Assert.NotEqual(bySpeaker.Probabilities["angry"], globally.Probabilities["angry"]); // the statistics made a difference

        Assert.Equal(globally, model.Predict(vector, null, out used), PredictionComparer.Instance);
        Assert.Equal(NormalisationMode.Global, used);
    }

    [Fact]
    public void A_model_in_global_mode_ignores_the_speakers_statistics()
    {
        var forest = new ForestEmotionClassifier(Forest());
        var normalisation = new ModelNormalisation(NormalisationMode.Global, 3, [1f, 0f, 0f], [1f, 1f, 1f]);
        var model = new ActiveModel(RoundTrip(Document(6, null, forest.ToModel(), normalisation)));
        Assert.False(model.UsesSpeakerStatistics);
        var speaker = SpeakerStatistics.Compute("s1", [[4f, 0f, 0f], [5f, 1f, 0.5f], [6f, 2f, 1f], [5f, 0f, 0f]], new Standardizer(normalisation.Mean, normalisation.Scale));

        var prediction = model.Predict([5f, 1f, 0.5f], speaker, out var used);

        Assert.Equal(NormalisationMode.Global, used);
        AssertPrediction(forest.PredictProbabilities(ZScores([5f, 1f, 0.5f], normalisation.Mean, normalisation.Scale)), prediction, version: 6);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(2.5)]
    public void A_temperature_other_than_1_changes_the_confidences_but_not_the_answer(double temperature)
    {
        var (x, y) = Rows();
        var mean = new[] { 2.5f, 1f, 0f };
        var scale = new[] { 2.5f, 0.3f, 0.2f };
        var classifier = new MaxEntLearner(new MaxEntParameters(L2Regularization: 0.5, MaxIterations: 50)).Fit([.. x.Select(r => ZScores(r, mean, scale))], y, 2, TestContext.Current.CancellationToken);
        var normalisation = new ModelNormalisation(NormalisationMode.Speaker, 3, mean, scale);
        var plain = new ActiveModel(RoundTrip(Document(7, null, classifier.ToModel(), normalisation)));
        var calibrated = new ActiveModel(RoundTrip(Document(7, null, classifier.ToModel(), normalisation, temperature)));

        float[][] probes = [[2.3f, 1f, 0f], [2.7f, 0.9f, 0.1f], [1.5f, 1.2f, 0f], [3.5f, 0.8f, 0f]];
        foreach (var probe in probes)
        {
            var before = plain.Predict(probe, null, out _);
            var after = calibrated.Predict(probe, null, out var used);

            Assert.Equal(NormalisationMode.Global, used);
            Assert.Equal(before.Emotion, after.Emotion);
            var raw = classifier.PredictProbabilities(ZScores(probe, mean, scale));
            Assert.InRange(raw.Max(), 0.5f, 0.9999f); // an undecided answer, so the temperature has something to move
            AssertPrediction(TemperatureScaling.Apply(raw, temperature), after, version: 7);
            Assert.Equal(1.0, after.Probabilities.Values.Sum(), 5);
            // sharpened (T < 1) or softened (T > 1)
            Assert.True(temperature < 1 ? after.Confidence > before.Confidence : after.Confidence < before.Confidence, $"{probe[0]}: {before.Confidence} → {after.Confidence}");
        }
    }

    [Fact]
    public void A_vector_of_the_wrong_dimension_is_refused()
    {
        var model = new ActiveModel(Document(1, Forest().ToModel()));
        Assert.Throws<ArgumentException>(() => model.Predict([1f, 2f], null, out _));
    }

    internal static float[] ZScores(float[] vector, float[] mean, float[] scale) =>
        [.. vector.Select((v, j) => (v - mean[j]) / scale[j])];

    internal static ModelDocument RoundTrip(ModelDocument document) =>
        JsonSerializer.Deserialize<ModelDocument>(JsonSerializer.SerializeToUtf8Bytes(document, Json), Json)!;

    private static void AssertPrediction(float[] expected, EmotionGrid.Storage.Catalog.Prediction actual, int version)
    {
        var best = Array.IndexOf(expected, expected.Max());
        Assert.Equal(Emotions[best], actual.Emotion);
        Assert.Equal(Math.Round(expected[best], 6), actual.Confidence);
        Assert.Equal(version, actual.ModelVersion);
        Assert.Equal(Emotions.Length, actual.Probabilities.Count);
        for (var c = 0; c < Emotions.Length; c++)
        {
            Assert.Equal(Math.Round(expected[c], 6), actual.Probabilities[Emotions[c]]);
        }
    }

    private sealed class PredictionComparer : IEqualityComparer<EmotionGrid.Storage.Catalog.Prediction>
    {
        public static PredictionComparer Instance { get; } = new();

        public bool Equals(EmotionGrid.Storage.Catalog.Prediction? x, EmotionGrid.Storage.Catalog.Prediction? y) =>
            x is not null && y is not null && x.Emotion == y.Emotion && x.Confidence == y.Confidence && x.ModelVersion == y.ModelVersion
            && x.Probabilities.Count == y.Probabilities.Count && x.Probabilities.All(p => y.Probabilities.TryGetValue(p.Key, out var q) && q == p.Value);

        public int GetHashCode(EmotionGrid.Storage.Catalog.Prediction obj) => obj.Emotion.GetHashCode(StringComparison.Ordinal);
    }
}
