using EmotionGrid.Learning.Calibration;
using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;

namespace EmotionGrid.Learning.Training;

/// <summary>
/// Trains an emotion model speaker-independently:
/// <list type="number">
/// <item><description>Normalise every vector (labelled or not): with its speaker's statistics when the speaker has at least
/// <see cref="TrainingOptions.MinSpeakerFiles"/> files, else with the global ones. A held-out speaker's statistics
/// come from their own files without labels, exactly as in use, where a speaker's files are in the catalog.</description></item>
/// <item><description>Score every candidate learner setting by speaker-grouped stratified k-fold cross-validation
/// (no speaker on both sides), training folds balanced by oversampling; pooled out-of-fold macro-F1 picks the
/// winner (the earlier candidate on a tie).</description></item>
/// <item><description>Calibrate the winner's confidences with a temperature fitted on its out-of-fold probabilities, kept
/// only when the cross-fitted calibration error goes down.</description></item>
/// <item><description>Fit the winner on every labelled row.</description></item>
/// </list>
/// </summary>
public static class EmotionModelTrainer
{
    public static TrainedEmotionModel Train(
        TrainingData data, IReadOnlyList<IClassifierLearner> candidates, TrainingOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        data.Validate();
        if (candidates.Count == 0)
        {
            throw new ArgumentException("no candidate learners", nameof(candidates));
        }

        // Global statistics from the real files only: augmented copies are not what the model will be shown.
        var real = Enumerable.Range(0, data.Vectors.Length).Where(i => data.TrainOnly?[i] != true).Select(i => data.Vectors[i]).ToArray();
        var normalizer = new SpeakerNormalizer(options.Normalisation, Standardizer.Fit(real), options.MinSpeakerFiles);
        var statistics = options.Normalisation == NormalisationMode.Speaker
            ? normalizer.SpeakerStatisticsOf(data.Vectors, StatisticsSpeakers(data))
            : new Dictionary<string, SpeakerStatistics>();
        var z = normalizer.TransformAll(data.Vectors, data.Speakers, statistics, out _);
        var bySpeaker = Enumerable.Range(0, data.Vectors.Length)
            .Count(i => data.TrainOnly?[i] != true && data.Speakers[i] is { } s && normalizer.Uses(statistics.GetValueOrDefault(s)));

        // Scored rows first (0..n−1), train-only rows (augmented copies) after them.
        var labelled = data.LabelledRows();
        var n = labelled.Length;
        int[] rows = [.. labelled, .. data.TrainOnlyRows()];
        var x = Array.ConvertAll(rows, i => z[i]);
        var y = Array.ConvertAll(rows, i => data.Labels[i]);
        var groups = Array.ConvertAll(rows, i => data.Groups[i]);
        var folds = GroupStratifiedKFold.Split(y[..n], groups[..n], Math.Min(options.Folds, groups[..n].Distinct(StringComparer.Ordinal).Count()), options.Seed);
        var trainRows = folds.Select(fold =>
        {
            var testGroups = fold.Test.Select(i => groups[i]).ToHashSet(StringComparer.Ordinal);
            return (int[])[.. fold.Train, .. Enumerable.Range(n, rows.Length - n).Where(i => !testGroups.Contains(groups[i]))];
        }).ToList();

        var scores = new CandidateScore[candidates.Count];
        float[][]? bestProbabilities = null;
        ClassificationReport? bestReport = null;
        var best = 0;
        var done = 0;
        for (var c = 0; c < candidates.Count; c++)
        {
            var probabilities = new float[n][];
            for (var f = 0; f < folds.Count; f++)
            {
                var fold = folds[f];
                cancellationToken.ThrowIfCancellationRequested();
                var train = options.BalanceClasses ? ClassBalance.Oversample(trainRows[f], y, options.Seed) : trainRows[f];
                var only = OnlyClass(train, y);
                var model = only < 0
                    ? candidates[c].Fit(Array.ConvertAll(train, i => x[i]), Array.ConvertAll(train, i => y[i]), data.Classes.Count, cancellationToken)
                    : null;
                foreach (var i in fold.Test)
                {
                    probabilities[i] = model?.PredictProbabilities(x[i]) ?? OneHot(only, data.Classes.Count);
                }

                progress?.Report(0.9 * ++done / (candidates.Count * folds.Count));
            }

            var report = ClassificationReport.Compute(y[..n], Array.ConvertAll(probabilities, ArgMax), data.Classes);
            scores[c] = new CandidateScore(candidates[c].Learner, candidates[c].Settings, report.MacroF1, report.Accuracy);
            if (bestReport is null || report.MacroF1 > bestReport.MacroF1)
            {
                (bestReport, bestProbabilities, best) = (report, probabilities, c);
            }
        }

        var uncalibrated = CalibrationError.Expected(bestProbabilities!, y[..n]);
        var (temperature, ece) = options.Calibrate ? Calibrate(bestProbabilities!, y[..n], folds, uncalibrated) : (1.0, uncalibrated);

        cancellationToken.ThrowIfCancellationRequested();
        var all = options.BalanceClasses ? ClassBalance.Oversample([.. Enumerable.Range(0, x.Length)], y, options.Seed) : [.. Enumerable.Range(0, x.Length)];
        var final = candidates[best].Fit(Array.ConvertAll(all, i => x[i]), Array.ConvertAll(all, i => y[i]), data.Classes.Count, cancellationToken);
        progress?.Report(1);
        return new TrainedEmotionModel(final, normalizer, temperature, scores, best, bestReport!, uncalibrated, ece, folds.Count, bySpeaker, z);
    }

    /// <summary>
    /// Cross-fitted temperature: each fold's probabilities are scaled with a temperature fitted on the other
    /// folds, so the reported error is measured on rows the temperature never saw. Kept (fitted on all rows)
    /// only when that error is lower than without.
    /// </summary>
    private static (double Temperature, double Ece) Calibrate(float[][] probabilities, int[] y, IReadOnlyList<Fold> folds, double uncalibrated)
    {
        var scaled = new float[probabilities.Length][];
        foreach (var fold in folds)
        {
            var others = fold.Train;
            var t = TemperatureScaling.Fit(Array.ConvertAll(others, i => probabilities[i]), Array.ConvertAll(others, i => y[i]));
            foreach (var i in fold.Test)
            {
                scaled[i] = TemperatureScaling.Apply(probabilities[i], t);
            }
        }

        var calibrated = CalibrationError.Expected(scaled, y);
        return calibrated < uncalibrated ? (TemperatureScaling.Fit(probabilities, y), calibrated) : (1.0, uncalibrated);
    }

    /// <summary>
    /// Whose statistics each row feeds: a real speaker's come from their real files only (copies would shift them and
    /// count towards the minimum); a speaker who has only train-only rows (an augmented variant) from those rows.
    /// </summary>
    private static string?[] StatisticsSpeakers(TrainingData data)
    {
        if (data.TrainOnly is null)
        {
            return data.Speakers;
        }

        var real = Enumerable.Range(0, data.Speakers.Length).Where(i => !data.TrainOnly[i] && data.Speakers[i] is not null)
            .Select(i => data.Speakers[i]!).ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, data.Speakers.Length).Select(i => data.TrainOnly[i] && data.Speakers[i] is { } s && real.Contains(s) ? null : data.Speakers[i])];
    }

    /// <summary>
    /// The one class a fold's training rows hold, else −1. With few speakers a fold can train on a single speaker who
    /// said one emotion (an automatic run started while files still arrive): whatever a learner makes of one class is
    /// that class with certainty, as our forest does, so the fold predicts it without a fit (ML.NET's trainers refuse
    /// one class). The final fit always has two or more: a training set needs labelled files of two emotions.
    /// </summary>
    private static int OnlyClass(int[] train, int[] y)
    {
        if (train.Length == 0)
        {
            return -1;
        }

        var first = y[train[0]];
        return Array.TrueForAll(train, i => y[i] == first) ? first : -1;
    }

    private static float[] OneHot(int label, int classCount)
    {
        var p = new float[classCount];
        p[label] = 1;
        return p;
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
