using EmotionGrid.Grains.Clustering;
using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Tests;

public sealed class ClusterMapBuilderTests
{
    [Fact]
    public void Two_files_cluster_and_project_without_failing()
    {
        var map = ClusterMapBuilder.Build("e", "sig", Snapshot([1f, 2f, 3f], [4f, 1f, 0f]), k: 4, seed: 1);

        Assert.Equal(2, map.K);
        Assert.Equal(2, map.Assignments.Distinct().Count());
        Assert.All(map.Points, p => Assert.True(double.IsFinite(p.X) && p.Y == 0));
    }

    [Fact]
    public void Separated_groups_land_in_separate_clusters_with_their_nearest_members_as_representatives()
    {
        var vectors = Enumerable.Range(0, 20).Select(i => i < 10 ? new[] { i * 0.01f, 0f } : new[] { 10 + (i * 0.01f), 5f }).ToArray();
        var map = ClusterMapBuilder.Build("e", "sig", Snapshot(vectors), k: 2, seed: 1);

        Assert.Equal(2, map.Assignments.Take(10).Concat(map.Assignments.Skip(10)).Distinct().Count());
        Assert.Single(map.Assignments.Take(10).Distinct());
        Assert.Single(map.Assignments.Skip(10).Distinct());
        Assert.All(map.Representatives, r => Assert.Equal(5, r.Count));
    }

    [Fact]
    public void Fewer_than_two_files_is_refused_with_the_reason()
    {
        var error = Assert.Throws<Clustering.NotEnoughFilesException>(() => ClusterMapBuilder.Build("e", "sig", Snapshot([1f, 2f]), k: 4, seed: 1));
        Assert.Contains("at least 2 embedded files", error.Message);
    }

    private static TrainingSnapshot Snapshot(params float[][] vectors)
    {
        var files = vectors.Select((_, i) => new LabelledFile($"id-{i}", $"{i}.wav", $"v/{i}.npy", null, null, null, null)).ToList();
        return new TrainingSnapshot(files, vectors, files.Select(f => f.Id).ToList(), vectors[0].Length);
    }
}
