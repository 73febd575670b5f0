using EmotionGrid.Learning;
using EmotionGrid.Learning.Calibration;
using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;
using EmotionGrid.Learning.Training;

namespace EmotionGrid.Bench.Quality;

/// <summary>
/// Leave-speakers-out evaluation as the issue defines it: 4 outer folds of 4 actors (1–4, 5–8, 9–12, 13–16). Each
/// outer fold trains exactly as the silo does (<see cref="EmotionModelTrainer"/>: inner speaker-grouped grid search,
/// balancing, calibration) on the 12 other actors' labelled files, with the 4 held-out actors' files present but
/// unlabelled (so their speaker statistics exist, as in the catalog), then predicts the held-out files. Setting
/// choice and temperature never see a held-out speaker's label.
/// </summary>
public static class QualityEvaluation
{
    public const int OuterFolds = 4;

    public static int OuterFold(QualityDataSet set, int row) => (set.Actor(row) - 1) / 4;

    public static QualityResult Run(QualityDataSet set, string features, string normalisation, string learner, bool augmented, int minSpeakerFiles)
    {
        var probabilities = new float[set.X.Length][];
        var uncalibrated = new float[set.X.Length][];
        var winners = new List<string>();
        for (var fold = 0; fold < OuterFolds; fold++)
        {
            var data = Build(set, fold, augmented);
            var model = EmotionModelTrainer.Train(data, LearnerGrids.For(learner, Environment.ProcessorCount),
                new TrainingOptions(normalisation, minSpeakerFiles, Folds: 4, Seed: 0));
            var winner = model.Candidates[model.Best];
            winners.Add($"{winner.Learner}({string.Join(",", winner.Settings.Where(s => s.Key != "seed").Select(s => $"{s.Key}={s.Value}"))}) T={model.Temperature:F2}");
            for (var i = 0; i < set.X.Length; i++)
            {
                if (OuterFold(set, i) == fold)
                {
                    var raw = model.Classifier.PredictProbabilities(model.NormalisedVectors[i]);
                    uncalibrated[i] = raw;
                    probabilities[i] = TemperatureScaling.Apply(raw, model.Temperature);
                }
            }
        }

        var predicted = Array.ConvertAll(probabilities, ArgMax);
        return new QualityResult(features, normalisation, learner, augmented, ClassificationReport.Compute(set.Y, predicted, QualityDataSet.Emotions),
            CalibrationError.Expected(probabilities, set.Y), CalibrationError.Expected(uncalibrated, set.Y), winners);
    }

    /// <summary>
    /// All 512 rows (held-out ones unlabelled) first, so model.NormalisedVectors[i] is row i; then the other emotions'
    /// files (unlabelled, for the speakers' statistics); then, with augmentation,
    /// the training actors' variants, each variant of a speaker normalised as a speaker of its own (a 10 % faster
    /// voice is a different voice) but grouped with the original speaker for the inner folds.
    /// </summary>
    public static TrainingData Build(QualityDataSet set, int heldOut, bool augmented)
    {
        var vectors = new List<float[]>(set.X);
        var speakers = new List<string?>(set.Speakers);
        var labels = Enumerable.Range(0, set.X.Length).Select(i => OuterFold(set, i) == heldOut ? -1 : set.Y[i]).ToList();
        var groups = new List<string>(set.Speakers);
        vectors.AddRange(set.OtherX);
        speakers.AddRange(set.OtherSpeakers);
        labels.AddRange(Enumerable.Repeat(-1, set.OtherX.Length));
        groups.AddRange(set.OtherSpeakers);
        if (augmented && set.Augmented is not null)
        {
            for (var i = 0; i < set.X.Length; i++)
            {
                if (OuterFold(set, i) == heldOut)
                {
                    continue;
                }

                for (var v = 0; v < set.Augmented[i].Length; v++)
                {
                    vectors.Add(set.Augmented[i][v]);
                    speakers.Add($"{set.Speakers[i]}~{QualityDataSet.AugmentationNames[v]}");
                    labels.Add(set.Y[i]);
                    groups.Add(set.Speakers[i]);
                }
            }
        }

        var real = set.X.Length + set.OtherX.Length;
        return new TrainingData([.. vectors], [.. speakers], [.. labels], QualityDataSet.Emotions, [.. groups])
        {
            TrainOnly = [.. Enumerable.Range(0, vectors.Count).Select(i => i >= real)],
        };
    }

    /// <summary>k-means (k = 4, 10 restarts) on the normalised vectors: NMI with the emotion and with the speaker.</summary>
    public static (double Emotion, double Speaker) ClusterNmi(QualityDataSet set, string normalisation, int minSpeakerFiles)
    {
        var all = QualityEvaluation.Build(set, heldOut: -1, augmented: false);
        var normalizer = new SpeakerNormalizer(normalisation, Standardizer.Fit(all.Vectors), minSpeakerFiles);
        var statistics = normalisation == NormalisationMode.Speaker
            ? normalizer.SpeakerStatisticsOf(all.Vectors, all.Speakers)
            : new Dictionary<string, SpeakerStatistics>();
        var z = normalizer.TransformAll(set.X, set.Speakers, statistics, out _);
        var clusters = KMeans.Fit(z, QualityDataSet.Emotions.Length, restarts: 10, seed: 0).Assignments;
        var speakerIds = set.Speakers.Distinct().ToList();
        return (ClusterAgreement.NormalizedMutualInformation(set.Y, clusters),
            ClusterAgreement.NormalizedMutualInformation(Array.ConvertAll(set.Speakers, s => speakerIds.IndexOf(s)), clusters));
    }

    private static int ArgMax(float[] p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return best;
    }
}
