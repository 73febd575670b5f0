namespace EmotionGrid.Learning.Tests;

public class FeatureBinsTests
{
    [Fact]
    public void Few_distinct_values_get_exact_midpoint_edges()
    {
        float[][] x = [[3f], [1f], [2f], [2f], [1f]];

        var bins = FeatureBins.Build(x, new ParallelOptions());

        Assert.Equal([1.5f, 2.5f], bins.Edges[0]);
        Assert.Equal([2, 0, 1, 1, 0], bins.Codes.Select(c => (int)c));
    }

    [Fact]
    public void Many_distinct_values_get_at_most_255_edges_consistent_with_the_codes()
    {
        var random = new Random(1);
        var x = Enumerable.Range(0, 5000).Select(_ => new[] { (float)SyntheticData.Gaussian(random), (float)Math.Round(random.NextDouble() * 3) }).ToArray();

        var bins = FeatureBins.Build(x, new ParallelOptions());

        Assert.InRange(bins.Edges[0].Length, 200, FeatureBins.MaxBins - 1);
        Assert.Equal(3, bins.Edges[1].Length);
        for (var f = 0; f < 2; f++)
        {
            for (var i = 0; i < x.Length; i++)
            {
                int code = bins.Codes[(f * x.Length) + i];
                // "bin ≤ b" must mean "value ≤ edge b" for every training row and every edge.
                Assert.True(code == bins.Edges[f].Length || x[i][f] <= bins.Edges[f][code]);
                Assert.True(code == 0 || x[i][f] > bins.Edges[f][code - 1]);
            }
        }
    }
}
