using System.Text.RegularExpressions;
using EmotionGrid.Testing;

namespace EmotionGrid.Distributed.Tests;

/// <summary>kill -9 of one of two silos in the middle of a 300-file batch: nothing lost, nothing done twice.</summary>
public sealed partial class SiloFailoverTests
{
    [Fact]
    public async Task Killing_one_of_two_silos_mid_batch_loses_no_file_and_finishes_none_twice()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var files = Enumerable.Range(1, 9).SelectMany(actor => TestData.RavdessFiles($"16k/Actor_{actor:00}")).Take(300).ToList();
        Assert.Equal(300, files.Count);
        var (survivor, victim) = (await cluster.StartSilosAsync(2)) switch { var s => (s[0], s[1]) };

        await cluster.UploadAsync(files);
        await cluster.WaitForEmbeddedAsync(60, TimeSpan.FromMinutes(3));
        var victimPort = DistributedCluster.SiloPort(victim);
        var beforeKill = await cluster.RowsAsync();
        await victim.KillAsync();

        await cluster.WaitForEmbeddedAsync(300, TimeSpan.FromMinutes(4));

        // Work was spread: the victim had finished some files before it died.
        Assert.Contains(beforeKill, r => r.Status == "embedded" && r.Owner?.Contains($":{victimPort}@", StringComparison.Ordinal) == true);

        // Exactly one row, one vector and one processed blob per file; nothing left behind or failed.
        var rows = await cluster.RowsAsync();
        Assert.Equal(300, rows.Count);
        Assert.All(rows, r => Assert.Equal("embedded", r.Status));
        Assert.Equal(files.Select(Path.GetFileName).Order(StringComparer.Ordinal), rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        var processed = await cluster.BlobNamesAsync("processed/");
        Assert.Equal(rows.Select(r => $"processed/{r.Name}").Order(StringComparer.Ordinal), processed.Order(StringComparer.Ordinal));
        var vectors = await cluster.BlobNamesAsync("embeddings/");
        Assert.Equal(rows.Select(r => r.VectorBlob!).Order(StringComparer.Ordinal), vectors.Where(v => !v.Contains("/segments/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Empty(await cluster.BlobNamesAsync("incoming/"));
        Assert.Empty(await cluster.BlobNamesAsync("failed/"));

        // Only the files the victim had in flight were started twice (its attempt, then the survivor's).
        Assert.All(rows, r => Assert.InRange(r.Attempts, 1, 2));
        Assert.InRange(rows.Count(r => r.Attempts == 2), 0, 4);

        // No file was finished twice: each name is logged as embedded at most once across both silos.
        var embeddedTwice = EmbeddedLine().Matches(survivor.Output + "\n" + victim.Output)
            .GroupBy(m => m.Groups[1].Value)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        Assert.Empty(embeddedTwice);
        Assert.Contains("declared dead", survivor.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Embedded (\S+\.wav):")]
    private static partial Regex EmbeddedLine();
}
