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

    [Fact]
    public void Speaker_agreement_is_1_when_the_clusters_split_exactly_by_speaker_whatever_the_cluster_numbers()
    {
        var map = Map(2, 2, 0, 0, 2, 1, 1);
        var speakers = new Dictionary<string, string?>
        {
            ["id-0"] = "a",
            ["id-1"] = "a",
            ["id-2"] = "b",
            ["id-3"] = "b",
            ["id-4"] = "a",
            ["id-5"] = "c",
            ["id-6"] = "c",
        };

        Assert.Equal(1.0, ClusterMapBuilder.SpeakerAgreement(map, speakers)!.Value, 9);
    }

    [Fact]
    public void Speaker_agreement_ignores_files_without_a_speaker()
    {
        // files 4–7 have no speaker (null, empty, or not in the dictionary) and sit in clusters that contradict the speakers
        var map = Map(0, 0, 1, 1, 1, 0, 1, 0);
        var speakers = new Dictionary<string, string?>
        {
            ["id-0"] = "a",
            ["id-1"] = "a",
            ["id-2"] = "b",
            ["id-3"] = "b",
            ["id-4"] = null,
            ["id-5"] = "",
            ["id-7"] = null,
        };

        Assert.Equal(1.0, ClusterMapBuilder.SpeakerAgreement(map, speakers)!.Value, 9);
    }

    [Fact]
    public void Speaker_agreement_is_0_when_every_cluster_holds_every_speaker_alike()
    {
        var map = Map(0, 1, 0, 1);
        var speakers = new Dictionary<string, string?> { ["id-0"] = "a", ["id-1"] = "a", ["id-2"] = "b", ["id-3"] = "b" };

        Assert.Equal(0.0, ClusterMapBuilder.SpeakerAgreement(map, speakers)!.Value, 9);
    }

    [Fact]
    public void Speaker_agreement_of_a_partial_split_lies_strictly_between_0_and_1()
    {
        var map = Map(0, 0, 0, 1, 1, 1);
        var speakers = new Dictionary<string, string?> { ["id-0"] = "a", ["id-1"] = "a", ["id-2"] = "b", ["id-3"] = "b", ["id-4"] = "c", ["id-5"] = "c" };

        var nmi = ClusterMapBuilder.SpeakerAgreement(map, speakers)!.Value;

        Assert.InRange(nmi, 0.01, 0.99);
    }

    [Fact]
    public void Speaker_agreement_needs_two_files_with_a_speaker()
    {
        var map = Map(0, 1, 0);

        Assert.Null(ClusterMapBuilder.SpeakerAgreement(map, new Dictionary<string, string?>()));
        Assert.Null(ClusterMapBuilder.SpeakerAgreement(map, new Dictionary<string, string?> { ["id-1"] = "a", ["id-0"] = null, ["id-2"] = "" }));
        Assert.Null(ClusterMapBuilder.SpeakerAgreement(map, new Dictionary<string, string?> { ["id-2"] = "a", ["id-9"] = "b" }));
        Assert.NotNull(ClusterMapBuilder.SpeakerAgreement(map, new Dictionary<string, string?> { ["id-0"] = "a", ["id-1"] = "b" }));
    }

    private static ClusterMap Map(params int[] assignments)
    {
        var ids = assignments.Select((_, i) => $"id-{i}").ToList();
        return new ClusterMap(
            "e",
            "sig",
            assignments.Max() + 1,
            ids,
            [.. ids.Select(id => $"{id}.wav")],
            assignments,
            [.. assignments.Select(a => ((double)a, 0.0))],
            [.. Enumerable.Range(0, assignments.Max() + 1).Select(c => (IReadOnlyList<string>)[.. ids.Where((_, i) => assignments[i] == c)])]);
    }

    private static TrainingSnapshot Snapshot(params float[][] vectors)
    {
        var files = vectors.Select((_, i) => new LabelledFile($"id-{i}", $"{i}.wav", $"v/{i}.npy", null, null, null, null)).ToList();
        return new TrainingSnapshot(files, vectors, files.Select(f => f.Id).ToList(), vectors[0].Length);
    }
}
