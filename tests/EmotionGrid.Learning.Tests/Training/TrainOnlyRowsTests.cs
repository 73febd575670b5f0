using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;
using EmotionGrid.Learning.Training;

namespace EmotionGrid.Learning.Tests.Training;

/// <summary><see cref="TrainingData.TrainOnly"/> rows (augmented copies): trained on by the folds of their group, never scored.</summary>
public class TrainOnlyRowsTests
{
    private static TrainingOptions Options(string normalisation = NormalisationMode.Speaker, bool balance = false, bool calibrate = false) =>
        new(normalisation, MinSpeakerFiles: 8, Folds: 4, Seed: 5, BalanceClasses: balance, Calibrate: calibrate);

    /// <summary>
    /// 8 speakers × 20 scored rows; train-only rows after them: a copy of each speaker's first 6 rows, all labelled
    /// "angry" (so a scored copy would show in that class's support); 10 rows of an "aug" speaker that has no scored
    /// row at all; and one unlabelled train-only row, which is never trained on.
    /// </summary>
    private static TrainingData Augmented()
    {
        var (vectors, speakers, labels) = SpeakerOffsetData.Rows(speakers: 8, perSpeaker: 20, seed: 11);
        var scored = vectors.Count;
        var trainOnly = new List<bool>(Enumerable.Repeat(false, scored));
        var speakerOf = new List<string?>(speakers);
        void Add(float[] vector, string speaker, int label)
        {
            vectors.Add(vector);
            speakerOf.Add(speaker);
            labels.Add(label);
            trainOnly.Add(true);
        }

        for (var s = 0; s < 8; s++)
        {
            for (var i = 0; i < 6; i++)
            {
                Add([.. vectors[(s * 20) + i].Select(v => v + 0.1f)], speakers[s * 20], 0);
            }
        }

        var (aug, _, augLabels) = SpeakerOffsetData.Rows(speakers: 1, perSpeaker: 10, seed: 12);
        for (var i = 0; i < aug.Count; i++)
        {
            Add(aug[i], "aug", augLabels[i]);
        }

        Add(vectors[60], speakers[60], -1);
        return new TrainingData([.. vectors], [.. speakerOf], [.. labels], SpeakerOffsetData.Classes, [.. speakerOf.Select(s => s!)]) { TrainOnly = [.. trainOnly] };
    }

    private static Dictionary<float[], int> RowOf(TrainedEmotionModel model)
    {
        var rowOf = new Dictionary<float[], int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < model.NormalisedVectors.Length; i++)
        {
            rowOf[model.NormalisedVectors[i]] = i;
        }

        return rowOf;
    }

    [Fact]
    public void Scored_and_train_only_rows_are_told_apart()
    {
        var data = Augmented();

        Assert.Equal(160, data.LabelledRows().Length);
        Assert.Equal(48 + 10, data.TrainOnlyRows().Length);
        Assert.Empty(data.LabelledRows().Intersect(data.TrainOnlyRows()));
        Assert.DoesNotContain(data.Vectors.Length - 1, data.TrainOnlyRows()); // unlabelled
        Assert.Equal(data.LabelledRows(), (data with { TrainOnly = null }).LabelledRows()[..160]);
        Assert.Equal(160 + 58, (data with { TrainOnly = null }).LabelledRows().Length);
        Assert.Empty((data with { TrainOnly = null }).TrainOnlyRows());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_fold_trains_on_exactly_the_train_only_rows_of_its_training_groups(bool balance)
    {
        var data = Augmented();
        var learner = new RecordingLearner();

        var model = EmotionModelTrainer.Train(data, [learner], Options(balance: balance));

        var rowOf = RowOf(model);
        var scored = data.LabelledRows().ToHashSet();
        var trainOnly = data.TrainOnlyRows().ToHashSet();
        Assert.Equal(4, model.Folds);
        Assert.Equal(model.Folds + 1, learner.Fits.Count);
        var tested = new List<int>();
        foreach (var (x, y) in learner.Fits.Take(model.Folds))
        {
            var rows = x.Select(v => rowOf[v]).ToList();
            Assert.Equal(rows.Select(i => data.Labels[i]), y);
            var train = rows.ToHashSet();
            if (!balance)
            {
                Assert.Equal(rows.Count, train.Count); // each row once
            }

            Assert.Subset(scored.Union(trainOnly).ToHashSet(), train);
            var test = scored.Except(train).ToList();
            Assert.NotEmpty(test);
            var testGroups = test.Select(i => data.Groups[i]).ToHashSet();
            Assert.DoesNotContain(train, i => testGroups.Contains(data.Groups[i]));

            var expected = trainOnly.Where(i => !testGroups.Contains(data.Groups[i])).Order();
            Assert.Equal(expected, train.Intersect(trainOnly).Order());
            Assert.Contains(train, i => data.Groups[i] == "aug"); // a group that is never tested is always trained on
            tested.AddRange(test);
        }

        // Every scored row is tested exactly once; no train-only row ever is.
        Assert.Equal(scored.Order(), tested.Order());
        Assert.Equal(160, model.CrossValidation.PerClass.Sum(c => c.Support));
        Assert.All(model.CrossValidation.PerClass, c => Assert.Equal(40, c.Support)); // the 48 "angry" copies are not among them

        // The final fit sees every labelled row, the train-only ones included, and not the unlabelled one.
        var final = learner.Fits[^1].X.Select(v => rowOf[v]).ToHashSet();
        Assert.Equal(scored.Union(trainOnly).Order(), final.Order());
        if (!balance)
        {
            Assert.Equal(160 + 58, learner.Fits[^1].X.Length);
        }
    }

    [Fact]
    public void Statistics_and_the_speaker_normalised_count_come_from_scored_rows_only()
    {
        var data = Augmented();

        var model = EmotionModelTrainer.Train(data, [new RecordingLearner()], Options());

        // "aug" has 10 train-only rows (≥ 8 files) and the speakers' copies add more: none of them counts.
        Assert.Equal(160, model.SpeakerNormalisedRows);
        var real = Enumerable.Range(0, data.Vectors.Length).Where(i => !data.TrainOnly![i]).Select(i => data.Vectors[i]).ToArray();
        var global = Standardizer.Fit(real);
        Assert.Equal(global.Mean, model.Normalizer.Global.Mean);
        Assert.Equal(global.Scale, model.Normalizer.Global.Scale);
        Assert.Equal(data.Vectors.Length, model.NormalisedVectors.Length);

        var plain = EmotionModelTrainer.Train(data, [new RecordingLearner()], Options(NormalisationMode.Global));
        Assert.Equal(0, plain.SpeakerNormalisedRows);
        Assert.Equal(global.Transform(data.Vectors[^1]), plain.NormalisedVectors[^1]);
    }

    [Fact]
    public void Speaker_statistics_come_from_a_speakers_real_files_only()
    {
        // 8 full speakers (20 real files each) with 6 shifted copies each; "few" has 5 real files and 5 copies (10 ≥ 8 only with them).
        var (vectors, speakers, labels) = SpeakerOffsetData.Rows(speakers: 8, perSpeaker: 20, seed: 31);
        var (few, _, fewLabels) = SpeakerOffsetData.Rows(speakers: 1, perSpeaker: 5, seed: 32, prefix: "few");
        var speakerOf = new List<string>(speakers);
        var trainOnly = new List<bool>(Enumerable.Repeat(false, vectors.Count));
        for (var i = 0; i < 5; i++)
        {
            vectors.Add(few[i]);
            speakerOf.Add("few");
            labels.Add(fewLabels[i]);
            trainOnly.Add(false);
        }

        var real = vectors.Count;
        for (var i = 0; i < real; i++)
        {
            if (speakerOf[i] == "few" || i % 20 < 6)
            {
                vectors.Add([.. vectors[i].Select(v => (v * 1.5f) + 2)]); // an augmented copy: louder, shifted
                speakerOf.Add(speakerOf[i]);
                labels.Add(labels[i]);
                trainOnly.Add(true);
            }
        }

        var data = new TrainingData([.. vectors], [.. speakerOf], [.. labels], SpeakerOffsetData.Classes, [.. speakerOf]) { TrainOnly = [.. trainOnly] };

        var model = EmotionModelTrainer.Train(data, [new RecordingLearner()], Options());

        var global = Standardizer.Fit([.. vectors.Take(real)]);
        Assert.Equal(160, model.SpeakerNormalisedRows);
        Assert.All(Enumerable.Range(160, 5), i => Assert.Equal(global.Transform(data.Vectors[i]), model.NormalisedVectors[i]));
        var first = SpeakerStatistics.Compute("s00", [.. vectors.Take(20)], global);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(first.Statistics.Transform(data.Vectors[i]), model.NormalisedVectors[i]));
    }

    [Fact]
    public void Train_only_marks_of_the_wrong_length_are_refused()
    {
        var data = SpeakerOffsetData.Create(speakers: 4, perSpeaker: 8, seed: 3);

        foreach (var length in new[] { 31, 33, 0 })
        {
            var wrong = data with { TrainOnly = new bool[length] };
            var error = Assert.Throws<ArgumentException>(() => EmotionModelTrainer.Train(wrong, [new RecordingLearner()], Options()));
            Assert.Equal(nameof(TrainingData.TrainOnly), error.ParamName);
        }

        // All false is the same as none.
        var none = EmotionModelTrainer.Train(data with { TrainOnly = new bool[32] }, [new RecordingLearner()], Options());
        Assert.Equal(32, none.CrossValidation.PerClass.Sum(c => c.Support));
    }

    [Fact]
    public void Train_only_copies_of_a_held_out_speaker_never_leak_into_its_fold()
    {
        // Exact copies of every scored row in the same group: a memorising learner would score ~100 % if a fold
        // ever trained on the copies of its own test rows.
        var (vectors, speakers, labels) = SpeakerOffsetData.Rows(speakers: 10, perSpeaker: 24, seed: 21, shift: 1.5);
        var original = new TrainingData([.. vectors], [.. speakers], [.. labels], SpeakerOffsetData.Classes, [.. speakers]);
        TrainingData WithCopies(Func<int, string> groupOfCopy) => new(
            [.. vectors, .. vectors.Select(v => (float[])v.Clone())], [.. speakers, .. speakers], [.. labels, .. labels],
            SpeakerOffsetData.Classes, [.. speakers, .. Enumerable.Range(0, vectors.Count).Select(groupOfCopy)])
        {
            TrainOnly = [.. Enumerable.Repeat(false, vectors.Count), .. Enumerable.Repeat(true, vectors.Count)],
        };

        var options = Options();
        var without = EmotionModelTrainer.Train(original, [new NearestNeighbourLearner()], options).CrossValidation.Accuracy;
        var copies = EmotionModelTrainer.Train(WithCopies(i => speakers[i]), [new NearestNeighbourLearner()], options).CrossValidation.Accuracy;
        // Control: the same copies in groups of their own are trained on by every fold, and the learner finds them.
        var leaked = EmotionModelTrainer.Train(WithCopies(i => $"copy-{i}"), [new NearestNeighbourLearner()], options).CrossValidation.Accuracy;

        Assert.True(without < 0.8, $"accuracy without copies {without:P1}");
        Assert.Equal(without, copies, 0.03);
        Assert.True(leaked > 0.99, $"accuracy with leaking copies {leaked:P1}");
    }

    /// <summary>1-nearest-neighbour (Euclidean): answers the label of the closest training row, certain of it.</summary>
    private sealed class NearestNeighbourLearner : IClassifierLearner
    {
        public string Learner => "nearest";

        public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

        public IEmotionClassifier Fit(float[][] x, int[] y, int classCount, CancellationToken cancellationToken = default) =>
            new Memory(x, y, classCount);

        private sealed class Memory(float[][] x, int[] y, int classCount) : IEmotionClassifier
        {
            public string Learner => "nearest";

            public int ClassCount => classCount;

            public int FeatureCount => x[0].Length;

            public float[] PredictProbabilities(ReadOnlySpan<float> vector)
            {
                var (best, distance) = (0, double.MaxValue);
                for (var i = 0; i < x.Length; i++)
                {
                    var d = 0.0;
                    for (var j = 0; j < vector.Length; j++)
                    {
                        d += (x[i][j] - vector[j]) * (x[i][j] - vector[j]);
                    }

                    (best, distance) = d < distance ? (i, d) : (best, distance);
                }

                var p = new float[classCount];
                p[y[best]] = 1;
                return p;
            }

            public ClassifierModel ToModel() => throw new NotSupportedException();
        }
    }
}
