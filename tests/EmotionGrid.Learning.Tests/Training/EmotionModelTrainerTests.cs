using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;
using EmotionGrid.Learning.Training;

namespace EmotionGrid.Learning.Tests.Training;

public class EmotionModelTrainerTests
{
    private static readonly TrainingData Offsets = SpeakerOffsetData.Create(speakers: 12, perSpeaker: 40, seed: 1);

    private static IClassifierLearner SmallForest(int minSamplesLeaf = 1) =>
        new ForestLearner(new ForestParameters(Trees: 30, MinSamplesLeaf: minSamplesLeaf, Seed: 3));

    private static TrainingOptions Options(string normalisation = NormalisationMode.Speaker, bool calibrate = true, bool balance = true) =>
        new(normalisation, MinSpeakerFiles: 8, Folds: 4, Seed: 5, BalanceClasses: balance, Calibrate: calibrate);

    [Fact]
    public void Speaker_normalisation_beats_global_on_held_out_speakers_with_their_own_offsets()
    {
        var bySpeaker = EmotionModelTrainer.Train(Offsets, [SmallForest()], Options());
        var global = EmotionModelTrainer.Train(Offsets, [SmallForest()], Options(NormalisationMode.Global));

        var speakerAccuracy = bySpeaker.CrossValidation.Accuracy;
        var globalAccuracy = global.CrossValidation.Accuracy;
        Assert.True(speakerAccuracy >= 0.8, $"speaker-normalised accuracy {speakerAccuracy:P1}");
        Assert.True(speakerAccuracy >= globalAccuracy + 0.15, $"speaker {speakerAccuracy:P1} vs global {globalAccuracy:P1}");

        Assert.Equal(NormalisationMode.Speaker, bySpeaker.Normalizer.Mode);
        Assert.Equal(480, bySpeaker.SpeakerNormalisedRows);
        Assert.Equal(NormalisationMode.Global, global.Normalizer.Mode);
        Assert.Equal(0, global.SpeakerNormalisedRows);
        Assert.Equal(Offsets.Vectors.Length, bySpeaker.NormalisedVectors.Length);
        for (var i = 0; i < Offsets.Vectors.Length; i += 37)
        {
            Assert.Equal(global.Normalizer.Global.Transform(Offsets.Vectors[i]), global.NormalisedVectors[i]);
        }
    }

    [Fact]
    public void Unlabelled_rows_count_towards_a_speakers_statistics()
    {
        // 8 full speakers; "late" has 3 labelled + 10 unlabelled rows (13 ≥ 8); "few" 4 labelled + 2 unlabelled (6 < 8);
        // 3 speakerless labelled rows, each its own group.
        var (vectors, speakers, labels) = SpeakerOffsetData.Rows(speakers: 8, perSpeaker: 40, seed: 2);
        var groups = new List<string>(speakers);
        var (late, _, lateLabels) = SpeakerOffsetData.Rows(speakers: 1, perSpeaker: 13, seed: 3);
        var (few, _, fewLabels) = SpeakerOffsetData.Rows(speakers: 1, perSpeaker: 6, seed: 4);
        var (loose, _, looseLabels) = SpeakerOffsetData.Rows(speakers: 1, perSpeaker: 3, seed: 5);
        var speakerOf = new List<string?>(speakers);
        void Add(float[] vector, string? speaker, int label, string group)
        {
            vectors.Add(vector);
            speakerOf.Add(speaker);
            labels.Add(label);
            groups.Add(group);
        }

        for (var i = 0; i < 13; i++)
        {
            Add(late[i], "late", i < 3 ? lateLabels[i] : -1, "late");
        }

        for (var i = 0; i < 6; i++)
        {
            Add(few[i], "few", i < 4 ? fewLabels[i] : -1, "few");
        }

        for (var i = 0; i < 3; i++)
        {
            Add(loose[i], null, looseLabels[i], $"row-{i}");
        }

        var data = new TrainingData([.. vectors], [.. speakerOf], [.. labels], SpeakerOffsetData.Classes, [.. groups]);

        var model = EmotionModelTrainer.Train(data, [SmallForest()], Options());

        Assert.Equal(320 + 13, model.SpeakerNormalisedRows);
        var global = Standardizer.Fit(data.Vectors);
        var lateRows = Enumerable.Range(320, 13).ToArray();
        var lateStatistics = SpeakerStatistics.Compute("late", [.. lateRows.Select(i => data.Vectors[i])], global);
        Assert.All(lateRows, i => Assert.Equal(lateStatistics.Statistics.Transform(data.Vectors[i]), model.NormalisedVectors[i]));
        Assert.All(Enumerable.Range(333, 9), i => Assert.Equal(global.Transform(data.Vectors[i]), model.NormalisedVectors[i]));
        Assert.Equal(global.Mean, model.Normalizer.Global.Mean);
        Assert.Equal(global.Scale, model.Normalizer.Global.Scale);

        // Every labelled row (and no unlabelled one) is scored once out of fold.
        Assert.Equal(4, model.Folds);
        Assert.Equal(320 + 3 + 4 + 3, model.CrossValidation.PerClass.Sum(c => c.Support));

        // Without the unlabelled rows "late" has only 3 files: global.
        var labelledOnly = data.LabelledRows();
        var without = new TrainingData(
            [.. labelledOnly.Select(i => data.Vectors[i])], [.. labelledOnly.Select(i => data.Speakers[i])],
            [.. labelledOnly.Select(i => data.Labels[i])], data.Classes, [.. labelledOnly.Select(i => data.Groups[i])]);
        Assert.Equal(320, EmotionModelTrainer.Train(without, [SmallForest()], Options()).SpeakerNormalisedRows);
    }

    [Fact]
    public void No_speaker_is_on_both_sides_of_a_fold_and_the_final_fit_sees_every_labelled_row_once()
    {
        var data = WithUnlabelledRows(Offsets, every: 5);
        var learner = new RecordingLearner();

        var model = EmotionModelTrainer.Train(data, [learner], Options(balance: false, calibrate: false));

        var rowOf = new Dictionary<float[], int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < model.NormalisedVectors.Length; i++)
        {
            rowOf[model.NormalisedVectors[i]] = i;
        }

        var labelled = data.LabelledRows().ToHashSet();
        Assert.Equal(model.Folds + 1, learner.Fits.Count);
        Assert.Equal(4, model.Folds);
        var tested = new List<int>();
        foreach (var (x, y) in learner.Fits.Take(model.Folds))
        {
            var train = x.Select(v => rowOf[v]).ToHashSet();
            Assert.Subset(labelled, train);
            Assert.Equal(x.Select(v => data.Labels[rowOf[v]]), y);
            var test = labelled.Except(train).ToList();
            Assert.NotEmpty(test);
            Assert.Empty(train.Select(i => data.Speakers[i]).Intersect(test.Select(i => data.Speakers[i])));
            tested.AddRange(test);
        }

        Assert.Equal(labelled.Order(), tested.Order());
        var (finalX, _) = learner.Fits[^1];
        Assert.Equal(labelled.Order(), finalX.Select(v => rowOf[v]).Order());
        Assert.Equal(labelled.Count, model.CrossValidation.PerClass.Sum(c => c.Support));
    }

    [Fact]
    public void Fewer_speakers_than_folds_gives_one_fold_per_speaker()
    {
        var data = SpeakerOffsetData.Create(speakers: 3, perSpeaker: 20, seed: 6);
        var learner = new RecordingLearner();

        var model = EmotionModelTrainer.Train(data, [learner], Options(balance: false, calibrate: false));

        Assert.Equal(3, model.Folds);
        Assert.Equal(4, learner.Fits.Count);
        Assert.All(learner.Fits.Take(3), fit => Assert.Equal(40, fit.X.Length));
        Assert.Equal(60, model.CrossValidation.PerClass.Sum(c => c.Support));
    }

    [Fact]
    public void A_fold_that_trains_on_one_class_predicts_it_instead_of_failing()
    {
        // What an automatic run sees while files still arrive: one speaker with every emotion, a second who has so far
        // said only "neutral". Holding out the first leaves one class to train on, which ML.NET's trainers refuse.
        var (vectors, speakers, labels) = SpeakerOffsetData.Rows(speakers: 1, perSpeaker: 40, seed: 9);
        var (late, lateSpeakers, lateLabels) = SpeakerOffsetData.Rows(speakers: 1, perSpeaker: 16, seed: 10, prefix: "late");
        for (var i = 0; i < late.Count; i++)
        {
            if (lateLabels[i] == 2)
            {
                vectors.Add(late[i]);
                speakers.Add(lateSpeakers[i]);
                labels.Add(2);
            }
        }

        var data = new TrainingData([.. vectors], [.. speakers], [.. labels], SpeakerOffsetData.Classes, [.. speakers]);
        var maxEnt = new MaxEntLearner(new MaxEntParameters());
        var ensemble = new EnsembleLearner([SmallForest(), maxEnt]);

        var model = EmotionModelTrainer.Train(data, [maxEnt, ensemble], Options());

        Assert.Equal(2, model.Folds);
        Assert.Equal(44, model.CrossValidation.PerClass.Sum(c => c.Support));
        // The first speaker's 40 rows, scored by the fold that saw only "neutral", are all called neutral.
        Assert.True(model.CrossValidation.Confusion.Sum(row => row[2]) >= 40);
        Assert.Equal(4, model.Classifier.PredictProbabilities(vectors[0]).Length);
    }

    [Fact]
    public void Training_folds_and_the_final_fit_are_balanced_when_asked()
    {
        // Drop most "sad" rows (class 3): 12 speakers × (10 + 10 + 10 + 2).
        var keep = Enumerable.Range(0, Offsets.Labels.Length).Where(i => Offsets.Labels[i] != 3 || i % 40 < 8).ToArray();
        var data = new TrainingData(
            [.. keep.Select(i => Offsets.Vectors[i])], [.. keep.Select(i => Offsets.Speakers[i])],
            [.. keep.Select(i => Offsets.Labels[i])], Offsets.Classes, [.. keep.Select(i => Offsets.Groups[i])]);

        var balanced = new RecordingLearner();
        EmotionModelTrainer.Train(data, [balanced], Options(calibrate: false));
        var plain = new RecordingLearner();
        EmotionModelTrainer.Train(data, [plain], Options(balance: false, calibrate: false));

        foreach (var (_, y) in balanced.Fits)
        {
            var counts = Enumerable.Range(0, 4).Select(c => y.Count(l => l == c)).ToArray();
            Assert.All(counts, n => Assert.Equal(counts[0], n));
        }

        Assert.Equal(4 * 120, balanced.Fits[^1].Y.Length);
        Assert.Equal(3 * 120 + 24, plain.Fits[^1].Y.Length);
        Assert.Equal(24, plain.Fits[^1].Y.Count(l => l == 3));
    }

    [Fact]
    public void The_best_candidate_has_the_highest_macro_f1_and_the_earlier_one_wins_a_tie()
    {
        var weak = new RecordingLearner();
        var model = EmotionModelTrainer.Train(Offsets, [weak, SmallForest(), SmallForest(minSamplesLeaf: 5)], Options());

        Assert.Equal(3, model.Candidates.Count);
        Assert.Equal(["recording", "forest", "forest"], model.Candidates.Select(c => c.Learner));
        Assert.Equal("5", model.Candidates[2].Settings["minSamplesLeaf"]);
        Assert.NotEqual(0, model.Best);
        Assert.All(model.Candidates, c => Assert.True(c.MacroF1 <= model.Candidates[model.Best].MacroF1));
        Assert.Equal(model.Candidates[model.Best].MacroF1, model.CrossValidation.MacroF1);
        Assert.Equal(model.Candidates[model.Best].Accuracy, model.CrossValidation.Accuracy);
        Assert.Equal("forest", model.Classifier.Learner);
        // A class-frequency guesser of balanced folds predicts one class: macro-F1 well under the forest's.
        Assert.True(model.Candidates[0].MacroF1 < 0.3, $"guesser macro-F1 {model.Candidates[0].MacroF1:F3}");

        var tie = EmotionModelTrainer.Train(Offsets, [new RecordingLearner(), new RecordingLearner()], Options(calibrate: false));
        Assert.Equal(tie.Candidates[0].MacroF1, tie.Candidates[1].MacroF1);
        Assert.Equal(0, tie.Best);
    }

    [Fact]
    public void Calibration_is_kept_only_when_it_lowers_the_cross_fitted_error()
    {
        var calibrated = EmotionModelTrainer.Train(Offsets, [SmallForest()], Options());
        var plain = EmotionModelTrainer.Train(Offsets, [SmallForest()], Options(calibrate: false));

        Assert.True(calibrated.Ece <= calibrated.UncalibratedEce);
        if (calibrated.Temperature != 1)
        {
            Assert.True(calibrated.Ece < calibrated.UncalibratedEce);
        }
        else
        {
            Assert.Equal(calibrated.UncalibratedEce, calibrated.Ece);
        }

        Assert.Equal(1.0, plain.Temperature);
        Assert.Equal(plain.UncalibratedEce, plain.Ece);
        Assert.Equal(calibrated.UncalibratedEce, plain.UncalibratedEce);
        Assert.InRange(plain.UncalibratedEce, 0, 1);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var first = EmotionModelTrainer.Train(Offsets, [SmallForest()], Options());
        var second = EmotionModelTrainer.Train(Offsets, [SmallForest()], Options());

        Assert.Equal(first.Temperature, second.Temperature);
        Assert.Equal(first.Candidates[0].MacroF1, second.Candidates[0].MacroF1);
        Assert.Equal(first.Ece, second.Ece);
        for (var i = 0; i < first.NormalisedVectors.Length; i += 13)
        {
            Assert.Equal(first.NormalisedVectors[i], second.NormalisedVectors[i]);
            Assert.Equal(first.Classifier.PredictProbabilities(first.NormalisedVectors[i]), second.Classifier.PredictProbabilities(second.NormalisedVectors[i]));
        }
    }

    [Fact]
    public void Progress_rises_to_one()
    {
        var reports = new List<double>();

        EmotionModelTrainer.Train(Offsets, [new RecordingLearner(), new RecordingLearner()], Options(), new Recorder(reports));

        Assert.Equal((2 * 4) + 1, reports.Count);
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(0.9, reports[^2], 1e-9);
        Assert.Equal(1.0, reports[^1]);
    }

    [Fact]
    public void A_cancelled_token_stops_training()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => EmotionModelTrainer.Train(Offsets, [new RecordingLearner()], Options(), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => EmotionModelTrainer.Train(Offsets, [], Options()));
        Assert.Throws<ArgumentNullException>(() => EmotionModelTrainer.Train(null!, [SmallForest()], Options()));
        Assert.Throws<ArgumentNullException>(() => EmotionModelTrainer.Train(Offsets, null!, Options()));
        Assert.Throws<ArgumentNullException>(() => EmotionModelTrainer.Train(Offsets, [SmallForest()], null!));
        Assert.Throws<ArgumentException>(() => EmotionModelTrainer.Train(Offsets with { Labels = [.. Offsets.Labels.Select(l => l == 3 ? 4 : l)] }, [SmallForest()], Options()));
        Assert.Throws<ArgumentException>(() => EmotionModelTrainer.Train(Offsets with { Labels = [.. Offsets.Labels.Select(l => l == 3 ? -2 : l)] }, [SmallForest()], Options()));
        Assert.Throws<ArgumentException>(() => EmotionModelTrainer.Train(Offsets with { Groups = ["a"] }, [SmallForest()], Options()));
        Assert.Throws<ArgumentException>(() => EmotionModelTrainer.Train(Offsets, [SmallForest()], Options(NormalisationMode.None)));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmotionModelTrainer.Train(Offsets, [SmallForest()], Options() with { MinSpeakerFiles = 1 }));
    }

    [Fact]
    public void Labelled_rows_are_the_ones_not_minus_one()
    {
        var data = new TrainingData([[1f], [2f], [3f], [4f]], ["a", null, "b", "b"], [2, -1, 0, -1], ["x", "y", "z"], ["a", "row-1", "b", "b"]);

        Assert.Equal([0, 2], data.LabelledRows());
    }

    /// <summary>The data with every <paramref name="every"/>-th row's label removed.</summary>
    private static TrainingData WithUnlabelledRows(TrainingData data, int every) =>
        data with { Labels = [.. data.Labels.Select((l, i) => i % every == every - 1 ? -1 : l)] };

    private sealed class Recorder(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }
}
