using System.Text.Json;

namespace EmotionGrid.Learning.Tests;

public class RandomForestTests
{
    private static readonly ForestParameters Small = new(Trees: 60, Seed: 1);

    [Fact]
    public void Learns_a_linearly_separable_rule()
    {
        static int Rule(float[] v) => v[0] + (0.5f * v[1]) > 0.1f ? 1 : 0;
        var (x, y) = SyntheticData.Labelled(4000, 4, seed: 1, Rule);
        var (testX, testY) = SyntheticData.Labelled(1000, 4, seed: 2, Rule);

        var forest = RandomForestClassifier.Fit(x, y, 2, Small);

        var accuracy = SyntheticData.Accuracy(testY, forest.Predict(testX));
        Assert.True(accuracy >= 0.98, $"accuracy {accuracy:P1}");
    }

    [Fact]
    public void Learns_xor_which_no_single_linear_split_can()
    {
        static int Xor(float[] v) => (v[0] > 0) ^ (v[1] > 0) ? 1 : 0;
        var (x, y) = SyntheticData.Labelled(2000, 6, seed: 3, Xor);
        var (testX, testY) = SyntheticData.Labelled(1000, 6, seed: 4, Xor);

        var forest = RandomForestClassifier.Fit(x, y, 2, Small with { MaxFeatures = 3 });
        var stump = RandomForestClassifier.Fit(x, y, 2, Small with { MaxDepth = 1 });

        Assert.True(SyntheticData.Accuracy(testY, forest.Predict(testX)) >= 0.90);
        Assert.True(SyntheticData.Accuracy(testY, stump.Predict(testX)) < 0.70); // the task really needs depth
    }

    [Fact]
    public void Probabilities_are_a_distribution_over_the_classes()
    {
        var (x, y) = SyntheticData.Labelled(800, 5, seed: 5, v => v[0] > 0.3f ? 2 : v[1] > 0 ? 1 : 0);

        var forest = RandomForestClassifier.Fit(x, y, 4, Small with { MinSamplesLeaf = 5 });

        foreach (var row in x.Take(200))
        {
            var p = forest.PredictProbabilities(row);
            Assert.Equal(4, p.Length);
            Assert.All(p, v => Assert.InRange(v, 0f, 1f));
            Assert.Equal(1, p.Sum(), 1e-5);
            Assert.Equal(0f, p[3]); // class 3 has no training rows
            Assert.Equal(RandomForestClassifier.ArgMax(p), forest.Predict(row));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_forest_whatever_the_parallelism()
    {
        var (x, y) = SyntheticData.Labelled(600, 12, seed: 6, v => v[0] * v[1] > 0 ? 1 : 0);

        var one = RandomForestClassifier.Fit(x, y, 2, Small with { Parallelism = 1 });
        var many = RandomForestClassifier.Fit(x, y, 2, Small with { Parallelism = 7 });
        var otherSeed = RandomForestClassifier.Fit(x, y, 2, Small with { Seed = 2 });

        Assert.Equal(JsonSerializer.Serialize(one.ToModel()), JsonSerializer.Serialize(many.ToModel()));
        Assert.NotEqual(JsonSerializer.Serialize(one.ToModel()), JsonSerializer.Serialize(otherSeed.ToModel()));
    }

    [Fact]
    public void Importances_concentrate_on_the_informative_features()
    {
        var (x, y) = SyntheticData.Labelled(1500, 20, seed: 7, v => v[3] + v[11] > 0 ? 1 : 0);

        var forest = RandomForestClassifier.Fit(x, y, 2, Small);

        var importances = forest.FeatureImportances;
        Assert.Equal(1, importances.Sum(), 1e-5);
        Assert.True(importances[3] + importances[11] > 0.6, $"informative share {importances[3] + importances[11]:F2}");
        var ranked = Enumerable.Range(0, 20).OrderByDescending(f => importances[f]).Take(2).Order().ToArray();
        Assert.Equal([3, 11], ranked);
    }

    [Fact]
    public void Json_round_trip_predicts_identically()
    {
        var (x, y) = SyntheticData.Labelled(700, 8, seed: 8, v => v[0] > v[1] ? (v[2] > 0 ? 2 : 1) : 0);
        var forest = RandomForestClassifier.Fit(x, y, 3, Small);

        var json = JsonSerializer.Serialize(forest.ToModel());
        var reloaded = RandomForestClassifier.FromModel(JsonSerializer.Deserialize<ForestModel>(json)!);

        var (probe, _) = SyntheticData.Labelled(500, 8, seed: 9, _ => 0);
        foreach (var row in probe)
        {
            Assert.Equal(forest.PredictProbabilities(row), reloaded.PredictProbabilities(row));
        }

        Assert.Equal(forest.FeatureImportances, reloaded.FeatureImportances);
    }

    [Fact]
    public void A_corrupt_model_is_refused()
    {
        var (x, y) = SyntheticData.Labelled(100, 3, seed: 10, v => v[0] > 0 ? 1 : 0);
        var model = RandomForestClassifier.Fit(x, y, 2, Small with { Trees = 2 }).ToModel();
        var tree = model.Trees[0];
        var cyclic = tree with { Left = Array.ConvertAll(tree.Left, _ => 0) };

        Assert.Throws<ArgumentException>(() => RandomForestClassifier.FromModel(model with { Trees = [cyclic] }));
        Assert.Throws<ArgumentException>(() => RandomForestClassifier.FromModel(model with { FeatureImportances = [1f] }));
    }

    [Fact]
    public void Depth_limit_and_min_leaf_are_respected()
    {
        var (x, y) = SyntheticData.Labelled(1000, 4, seed: 11, v => v[0] * v[1] > 0.1f ? 1 : 0);

        var model = RandomForestClassifier.Fit(x, y, 2, Small with { MaxDepth = 3, MinSamplesLeaf = 20, Bootstrap = false }).ToModel();

        foreach (var tree in model.Trees)
        {
            Assert.True(Depth(tree, 0) <= 3);
        }

        // Without bootstrap every row weighs 1, so each leaf's frequencies have a denominator ≥ 20.
        var leafRows = new int[model.Trees[0].LeafProbabilities.Length / 2];
        foreach (var row in x)
        {
            var node = 0;
            var tree = model.Trees[0];
            while (tree.Feature[node] >= 0)
            {
                node = row[tree.Feature[node]] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
            }

            leafRows[tree.Left[node]]++;
        }

        Assert.All(leafRows, count => Assert.True(count >= 20));
    }

    [Fact]
    public void Refuses_labels_outside_the_class_count_and_bad_parameters()
    {
        float[][] x = [[0f], [1f]];
        Assert.Throws<ArgumentException>(() => RandomForestClassifier.Fit(x, [0, 2], 2, Small));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomForestClassifier.Fit(x, [0, 1], 2, Small with { MaxFeatures = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomForestClassifier.Fit(x, [0, 1], 2, Small with { Trees = 0 }));
    }

    private static int Depth(ForestTreeModel tree, int node) =>
        tree.Feature[node] < 0 ? 0 : 1 + Math.Max(Depth(tree, tree.Left[node]), Depth(tree, tree.Right[node]));
}
