namespace EmotionGrid.Learning.Tests;

public class KMeansTests
{
    [Fact]
    public void Recovers_four_separated_blobs()
    {
        var (x, labels) = SyntheticData.Blobs(SyntheticData.FourCentres(8), perBlob: 150, seed: 1);

        var result = KMeans.Fit(x, k: 4, seed: 3);

        Assert.True(ClusterAgreement.AdjustedRandIndex(labels, result.Assignments) >= 0.99);
        Assert.Equal(4, result.Centroids.Length);
        Assert.Equal(x.Length, result.Assignments.Length);
        Assert.InRange(result.Iterations, 1, 300);
        for (var i = 0; i < x.Length; i += 37)
        {
            Assert.Equal(result.Assignments[i], result.Predict(x[i]));
        }
    }

    [Fact]
    public void Inertia_is_the_sum_of_squared_distances_to_the_assigned_centroids()
    {
        var (x, _) = SyntheticData.Blobs(SyntheticData.FourCentres(3), perBlob: 40, seed: 2);

        var result = KMeans.Fit(x, k: 4, restarts: 2, seed: 0);

        double expected = 0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = 0; j < x[i].Length; j++)
            {
                var delta = x[i][j] - result.Centroids[result.Assignments[i]][j];
                expected += delta * delta;
            }
        }

        Assert.Equal(expected, result.Inertia, expected * 1e-4);
    }

    [Fact]
    public void Same_seed_same_result_and_other_seeds_may_differ_only_in_order()
    {
        var (x, _) = SyntheticData.Blobs(SyntheticData.FourCentres(5), perBlob: 60, seed: 4, spread: 6);

        var first = KMeans.Fit(x, k: 4, seed: 11);
        var second = KMeans.Fit(x, k: 4, seed: 11);

        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Inertia, second.Inertia);
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(first.Centroids[c], second.Centroids[c]);
        }
    }

    [Fact]
    public void KMeansPlusPlus_beats_a_start_with_every_centre_in_one_blob()
    {
        var (x, _) = SyntheticData.Blobs(SyntheticData.FourCentres(4), perBlob: 100, seed: 5);
        // All four starting centres sit inside blob 0: Lloyd can only split that blob and merge the rest.
        var bad = new[] { x[0], x[1], x[2], x[3] };

        var fromBadStart = KMeans.FitFrom(x, bad);
        var plusPlus = KMeans.Fit(x, k: 4, restarts: 1, seed: 0);

        Assert.True(plusPlus.Inertia * 2 < fromBadStart.Inertia, $"k-means++ {plusPlus.Inertia:F0} vs bad start {fromBadStart.Inertia:F0}");
    }

    [Fact]
    public void A_cluster_left_empty_is_reseeded_from_the_farthest_point()
    {
        var (x, labels) = SyntheticData.Blobs(SyntheticData.FourCentres(4), perBlob: 50, seed: 6);
        // The third centre is far from every point, so the first assignment leaves it empty.
        var start = new[] { x[0], x[60], [1000f, 1000f, 1000f, 1000f], x[160] };

        var result = KMeans.FitFrom(x, start);

        var sizes = new int[4];
        foreach (var a in result.Assignments)
        {
            sizes[a]++;
        }

        Assert.All(sizes, size => Assert.True(size > 0));
        Assert.All(result.Centroids, centroid => Assert.All(centroid, v => Assert.True(float.IsFinite(v) && Math.Abs(v) < 100)));
        Assert.True(ClusterAgreement.AdjustedRandIndex(labels, result.Assignments) > 0.5);
    }

    [Fact]
    public void More_clusters_than_distinct_points_still_gives_finite_centroids()
    {
        float[][] x = [[1, 1], [1, 1], [1, 1], [5, 5]];

        var result = KMeans.Fit(x, k: 3, restarts: 2);

        Assert.All(result.Centroids, c => Assert.All(c, v => Assert.True(float.IsFinite(v))));
        Assert.Equal(0, result.Inertia, 1e-9);
    }

    [Fact]
    public void Refuses_k_larger_than_the_rows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit([[1f], [2f]], k: 3));
    }
}
