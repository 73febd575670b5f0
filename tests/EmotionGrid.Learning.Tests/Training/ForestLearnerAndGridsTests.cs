using EmotionGrid.Learning.Classifiers;

namespace EmotionGrid.Learning.Tests.Training;

/// <summary>The forest behind <see cref="IClassifierLearner"/> and the grid lookup (whatever other learners exist).</summary>
public class ForestLearnerAndGridsTests
{
    [Fact]
    public void The_forest_learner_reports_its_settings()
    {
        var settings = new ForestLearner(new ForestParameters(Trees: 30, MaxDepth: 12, MinSamplesLeaf: 3, MaxFeatures: 4, Seed: 9)).Settings;
        var defaults = new ForestLearner(new ForestParameters()).Settings;

        Assert.Equal("30", settings["trees"]);
        Assert.Equal("12", settings["maxDepth"]);
        Assert.Equal("3", settings["minSamplesLeaf"]);
        Assert.Equal("4", settings["maxFeatures"]);
        Assert.Equal("9", settings["seed"]);
        Assert.Equal("unlimited", defaults["maxDepth"]);
        Assert.Equal("sqrt", defaults["maxFeatures"]);
        Assert.Equal("forest", new ForestLearner(new ForestParameters()).Learner);
        Assert.Throws<ArgumentNullException>(() => new ForestLearner(null!));
    }

    [Fact]
    public void The_forest_learner_fits_a_classifier_that_predicts_like_the_forest_itself()
    {
        var (x, y) = SyntheticData.Blobs(SyntheticData.FourCentres(3), perBlob: 30, seed: 4);
        var parameters = new ForestParameters(Trees: 20, Seed: 2);

        var classifier = new ForestLearner(parameters).Fit(x, y, 5);
        var forest = RandomForestClassifier.Fit(x, y, 5, parameters);

        Assert.Equal("forest", classifier.Learner);
        Assert.Equal(5, classifier.ClassCount);
        Assert.Equal(3, classifier.FeatureCount);
        foreach (var row in x)
        {
            var p = classifier.PredictProbabilities(row);
            Assert.Equal(forest.PredictProbabilities(row), p);
            Assert.Equal(1, p.Sum(), 1e-5);
            Assert.Equal(0f, p[4]);
        }

        var model = classifier.ToModel();
        Assert.Equal("forest", model.Learner);
        Assert.Equal(5, model.ClassCount);
        Assert.Equal(3, model.FeatureCount);
        Assert.NotNull(model.Forest);
        Assert.Null(model.Payload);
    }

    [Fact]
    public void The_forest_grid_carries_the_seed_and_parallelism_and_ignores_case()
    {
        var candidates = LearnerGrids.For("FOREST", parallelism: 2, seed: 7);

        Assert.Equal(LearnerGrids.ForestGrid.Count, candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var forest = Assert.IsType<ForestLearner>(candidates[i]);
            Assert.Equal(LearnerGrids.ForestGrid[i] with { Parallelism = 2, Seed = 7 }, forest.Parameters);
        }
    }

    [Fact]
    public void Auto_tries_its_learners_with_the_forest_first()
    {
        var candidates = LearnerGrids.For("auto", seed: 3);
        var forests = LearnerGrids.ForestGrid.Count;

        Assert.All(candidates.Take(forests), c => Assert.Equal(ForestLearner.Name, c.Learner));
        Assert.DoesNotContain(candidates.Skip(forests), c => c.Learner == ForestLearner.Name);
        Assert.Equal(LearnerGrids.AutoLearners, candidates.Select(c => c.Learner).Distinct());
        Assert.Equal(LearnerGrids.AutoLearners.Sum(l => LearnerGrids.For(l).Count), candidates.Count);
        Assert.Equal(candidates.Count, LearnerGrids.For("Auto", seed: 3).Count);
    }

    [Fact]
    public void An_unknown_learner_is_refused_naming_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => LearnerGrids.For("svm"));

        Assert.Equal("learner", error.ParamName);
        Assert.Contains("'svm'", error.Message, StringComparison.Ordinal);
        Assert.Contains(LearnerGrids.Auto, error.Message, StringComparison.Ordinal);
        Assert.All(LearnerGrids.Learners, l => Assert.Contains(l, error.Message, StringComparison.Ordinal));
        Assert.False(LearnerGrids.IsKnown("svm"));
        Assert.True(LearnerGrids.IsKnown("AUTO"));
        Assert.True(LearnerGrids.IsKnown("Forest"));
        Assert.Contains(ForestLearner.Name, LearnerGrids.Learners);
    }
}
