using System.Text.Json;
using EmotionGrid.Learning.Classifiers;

namespace EmotionGrid.Learning.Tests.Classifiers;

public class EnsembleLearnerTests
{
    private static readonly int[] FourClasses = [0, 1, 2, 3];

    private static readonly (float[][] X, int[] Y) Training = GaussianClasses.Sample([3, 1, 0, 2], 60, seed: 1);

    private static readonly (float[][] X, int[] Y) HeldOut = GaussianClasses.Sample(FourClasses, 30, seed: 2);

    private static ForestLearner Forest() => new(new ForestParameters(Trees: 20, MinSamplesLeaf: 2, Seed: 4));

    private static MaxEntLearner MaxEnt() => new(new MaxEntParameters(MaxIterations: 30, Seed: 5));

    [Fact]
    public void Probabilities_are_the_mean_of_the_members_fitted_alone()
    {
        var ensemble = new EnsembleLearner([Forest(), MaxEnt()]).Fit(Training.X, Training.Y, 5);
        var forest = Forest().Fit(Training.X, Training.Y, 5);
        var maxEnt = MaxEnt().Fit(Training.X, Training.Y, 5);

        Assert.Equal(EnsembleLearner.Name, ensemble.Learner);
        Assert.Equal(5, ensemble.ClassCount);
        Assert.Equal(GaussianClasses.Features, ensemble.FeatureCount);
        var members = Assert.IsType<EnsembleEmotionClassifier>(ensemble).Members;
        Assert.Equal([ForestLearner.Name, MaxEntLearner.Name], members.Select(m => m.Learner));
        var disagree = 0f;
        foreach (var row in HeldOut.X)
        {
            var p = ensemble.PredictProbabilities(row);
            var (f, m) = (forest.PredictProbabilities(row), maxEnt.PredictProbabilities(row));
            Assert.Equal(5, p.Length);
            for (var c = 0; c < p.Length; c++)
            {
                Assert.Equal((f[c] + m[c]) / 2, p[c], 1e-6f);
            }

            Assert.Equal(1, p.Sum(), 1e-5);
            Assert.Equal(0f, p[4]); // no rows of class 4: still a zero slot
            disagree = Math.Max(disagree, Math.Abs(f[GaussianClasses.ArgMax(p)] - m[GaussianClasses.ArgMax(p)]));
        }

        // The members really differ, so equality with their mean says something.
        Assert.True(disagree > 0.05f, $"largest member disagreement {disagree:F3}");
        var predicted = Array.ConvertAll(HeldOut.X, v => GaussianClasses.ArgMax(ensemble.PredictProbabilities(v)));
        var accuracy = SyntheticData.Accuracy(HeldOut.Y, predicted);
        Assert.True(accuracy > 0.9, $"held-out accuracy {accuracy:P1}");
    }

    [Fact]
    public void Three_members_weigh_equally()
    {
        var second = new MaxEntLearner(new MaxEntParameters(L2Regularization: 1, MaxIterations: 30, Seed: 5));
        var ensemble = new EnsembleLearner([Forest(), MaxEnt(), second]).Fit(Training.X, Training.Y, 4);
        var alone = new[] { Forest(), MaxEnt(), (IClassifierLearner)second }.Select(l => l.Fit(Training.X, Training.Y, 4)).ToArray();

        foreach (var row in HeldOut.X.Take(20))
        {
            var p = ensemble.PredictProbabilities(row);
            var each = alone.Select(m => m.PredictProbabilities(row)).ToArray();
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(each.Average(q => q[c]), p[c], 1e-6f);
            }
        }
    }

    [Fact]
    public void A_saved_ensemble_loads_back_and_predicts_identically()
    {
        var classifier = new EnsembleLearner([Forest(), MaxEnt()]).Fit(Training.X, Training.Y, 4);

        // Through JSON, as model.json stores it.
        var json = JsonSerializer.Serialize(classifier.ToModel());
        var saved = JsonSerializer.Deserialize<ClassifierModel>(json)!;
        var loaded = ClassifierModels.Load(saved);

        Assert.Equal((EnsembleLearner.Name, 4, GaussianClasses.Features), (saved.Learner, saved.ClassCount, saved.FeatureCount));
        Assert.Null(saved.Forest);
        Assert.Null(saved.Payload);
        Assert.NotNull(saved.Members);
        Assert.Equal([ForestLearner.Name, MaxEntLearner.Name], saved.Members.Select(m => m.Learner));
        Assert.NotNull(saved.Members[0].Forest);
        Assert.NotEmpty(saved.Members[1].Payload!);
        var members = Assert.IsType<EnsembleEmotionClassifier>(loaded).Members;
        Assert.Equal([typeof(ForestEmotionClassifier), typeof(MaxEntEmotionClassifier)], members.Select(m => m.GetType()));
        Assert.Equal((classifier.Learner, classifier.ClassCount, classifier.FeatureCount), (loaded.Learner, loaded.ClassCount, loaded.FeatureCount));
        foreach (var row in HeldOut.X)
        {
            Assert.Equal(classifier.PredictProbabilities(row), loaded.PredictProbabilities(row));
        }

        // And saved again, it is still the same model.
        var again = ClassifierModels.Load(loaded.ToModel());
        Assert.Equal(classifier.PredictProbabilities(HeldOut.X[0]), again.PredictProbabilities(HeldOut.X[0]));
    }

    [Fact]
    public void Fewer_than_two_members_are_refused()
    {
        Assert.Equal("members", Assert.Throws<ArgumentException>(() => new EnsembleLearner([Forest()])).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentException>(() => new EnsembleLearner([])).ParamName);
        Assert.Equal("members", Assert.ThrowsAny<ArgumentException>(() => new EnsembleLearner(null!)).ParamName);

        var one = Forest().Fit(Training.X, Training.Y, 4);
        Assert.Equal("members", Assert.Throws<ArgumentException>(() => new EnsembleEmotionClassifier([one])).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentException>(() => new EnsembleEmotionClassifier([])).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentNullException>(() => new EnsembleEmotionClassifier(null!)).ParamName);

        // Nor does a saved ensemble without (enough) members load.
        var saved = new EnsembleLearner([Forest(), MaxEnt()]).Fit(Training.X, Training.Y, 4).ToModel();
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => ClassifierModels.Load(saved with { Members = null })).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => ClassifierModels.Load(saved with { Members = [saved.Members![0]] }));
        Assert.ThrowsAny<ArgumentException>(() => ClassifierModels.Load(saved with { Members = [] }));
    }

    [Fact]
    public void Members_of_different_class_or_feature_counts_are_refused()
    {
        var four = Forest().Fit(Training.X, Training.Y, 4);
        var five = MaxEnt().Fit(Training.X, Training.Y, 5);
        var fewerFeatures = Forest().Fit(Array.ConvertAll(Training.X, r => r[..40]), Training.Y, 4);

        Assert.Equal("members", Assert.Throws<ArgumentException>(() => new EnsembleEmotionClassifier([four, five])).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentException>(() => new EnsembleEmotionClassifier([four, fewerFeatures])).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentException>(() => new EnsembleEmotionClassifier([four, four, five])).ParamName);

        // A saved ensemble whose members disagree is refused on load too.
        var saved = new EnsembleEmotionClassifier([four, Forest().Fit(Training.X, Training.Y, 4)]).ToModel();
        Assert.ThrowsAny<ArgumentException>(() => ClassifierModels.Load(saved with { Members = [four.ToModel(), five.ToModel()] }));
    }

    [Fact]
    public void Settings_name_every_member_and_its_settings()
    {
        var learner = new EnsembleLearner([Forest(), MaxEnt()]);
        var settings = learner.Settings;

        Assert.Equal(EnsembleLearner.Name, learner.Learner);
        Assert.Equal(ForestLearner.Name, settings["0"]);
        Assert.Equal(MaxEntLearner.Name, settings["1"]);
        Assert.Equal("20", settings["0.forest.trees"]);
        Assert.Equal("2", settings["0.forest.minSamplesLeaf"]);
        Assert.Equal("4", settings["0.forest.seed"]);
        Assert.Equal("30", settings["1.maxent.maxIterations"]);
        Assert.Equal("5", settings["1.maxent.seed"]);
        Assert.Equal(2 + Forest().Settings.Count + MaxEnt().Settings.Count, settings.Count);

        // Two members of the same learner stay apart by position.
        var twin = new EnsembleLearner([MaxEnt(), new MaxEntLearner(new MaxEntParameters(L2Regularization: 0.5))]).Settings;
        Assert.Equal(MaxEntLearner.Name, twin["0"]);
        Assert.Equal(MaxEntLearner.Name, twin["1"]);
        Assert.NotEqual(twin["0.maxent.l2"], twin["1.maxent.l2"]);
    }

    [Fact]
    public void A_cancelled_fit_throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new EnsembleLearner([MaxEnt(), MaxEnt()]).Fit(Training.X, Training.Y, 4, cancelled.Token));
    }

    [Fact]
    public void Auto_tries_forest_maxent_and_their_ensemble_but_not_lightgbm()
    {
        var candidates = LearnerGrids.For("auto", parallelism: 2, seed: 3);
        var learners = candidates.Select(c => c.Learner).ToList();

        Assert.Equal([ForestLearner.Name, MaxEntLearner.Name, EnsembleLearner.Name], learners.Distinct());
        Assert.DoesNotContain(LightGbmLearner.Name, learners);
        Assert.DoesNotContain(candidates, c => c is LightGbmLearner);
        Assert.Equal(
            LearnerGrids.For(ForestLearner.Name).Count + LearnerGrids.For(MaxEntLearner.Name).Count + LearnerGrids.For(EnsembleLearner.Name).Count,
            candidates.Count);
        // In that order (an earlier candidate wins a tie): the forests, then maxent, then the ensembles.
        Assert.Equal(learners.OrderBy(l => LearnerGrids.AutoLearners.ToList().IndexOf(l)), learners);
        Assert.Equal(candidates.Count, LearnerGrids.For("AUTO").Count);
    }

    [Fact]
    public void The_ensemble_grid_pairs_a_forest_with_each_maxent_setting_and_carries_the_seed()
    {
        var candidates = LearnerGrids.For("Ensemble", parallelism: 2, seed: 7);

        Assert.Equal(MaxEntParameters.DefaultGrid.Count, candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var ensemble = Assert.IsType<EnsembleLearner>(candidates[i]);
            Assert.Equal(2, ensemble.Members.Count);
            var forest = Assert.IsType<ForestLearner>(ensemble.Members[0]);
            var maxEnt = Assert.IsType<MaxEntLearner>(ensemble.Members[1]);
            Assert.Equal(LearnerGrids.ForestGrid[0] with { Parallelism = 2, Seed = 7 }, forest.Parameters);
            Assert.Equal(MaxEntParameters.DefaultGrid[i] with { Seed = 7 }, maxEnt.Parameters);
        }

        Assert.Equal(candidates.Count, candidates.Select(c => string.Join(";", c.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))).Distinct().Count());
    }

    [Fact]
    public void Lightgbm_is_still_chosen_by_name()
    {
        var candidates = LearnerGrids.For("lightgbm", seed: 3);

        Assert.True(LearnerGrids.IsKnown("LightGBM"));
        Assert.Contains(LightGbmLearner.Name, LearnerGrids.Learners);
        Assert.Contains(EnsembleLearner.Name, LearnerGrids.Learners);
        Assert.Equal(LightGbmParameters.DefaultGrid.Count, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(LightGbmLearner.Name, Assert.IsType<LightGbmLearner>(c).Learner));
        Assert.Equal(candidates.Count, LearnerGrids.For("LIGHTGBM").Count);
    }
}
