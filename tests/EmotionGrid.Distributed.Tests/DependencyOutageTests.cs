using System.Net;
using EmotionGrid.Testing;

namespace EmotionGrid.Distributed.Tests;

/// <summary>
/// PostgreSQL or Azurite going away mid-batch and coming back: the silos report the outage on <c>/readyz</c>,
/// keep their work, and every file still ends embedded.
/// </summary>
public sealed class DependencyOutageTests
{
    private const int Files = 120;

    /// <summary>
    /// Two attempts only, and an outage longer than a sweep period: an attempt that ended in the outage must not count,
    /// or good files would be failed with "gave up".
    /// </summary>
    private static readonly Dictionary<string, string> FewAttempts = new() { ["EmotionGrid__Processing__MaxAttempts"] = "2" };

    [Fact]
    public async Task A_PostgreSQL_restart_mid_batch_is_reported_and_survived()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var silos = await cluster.StartSilosAsync(2, FewAttempts);
        await cluster.UploadAsync(Batch());
        await cluster.WaitForEmbeddedAsync(20, TimeSpan.FromMinutes(2));

        await cluster.Postgres.StopAsync();
        var readiness = await WaitForUnreadyAsync(silos[0]);
        Assert.Contains("catalog", readiness, StringComparison.OrdinalIgnoreCase);
        await Task.Delay(TimeSpan.FromSeconds(8));
        await cluster.Postgres.StartAgainAsync();

        await cluster.WaitForEmbeddedAsync(Files, TimeSpan.FromMinutes(3));
        await AssertSettledAsync(cluster, silos);
        Assert.Contains(silos, s => s.Output.Contains("Dependency down: catalog unreachable", StringComparison.Ordinal)); // the outage was logged
        Assert.Contains(silos, s => s.Output.Contains("Dependency back: catalog", StringComparison.Ordinal)); // and its end
    }

    [Fact]
    public async Task An_Azurite_restart_mid_batch_is_reported_and_survived()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var silos = await cluster.StartSilosAsync(2, FewAttempts);
        await cluster.UploadAsync(Batch());
        await cluster.WaitForEmbeddedAsync(20, TimeSpan.FromMinutes(2));

        await cluster.Azurite.StopAsync();
        var readiness = await WaitForUnreadyAsync(silos[0]);
        Assert.Contains("blob store", readiness, StringComparison.OrdinalIgnoreCase);
        await Task.Delay(TimeSpan.FromSeconds(8));
        await cluster.Azurite.StartAgainAsync();

        await cluster.WaitForEmbeddedAsync(Files, TimeSpan.FromMinutes(3));
        await AssertSettledAsync(cluster, silos);
        Assert.Contains(silos, s => s.Output.Contains("Dependency down: blob store unreachable", StringComparison.Ordinal)); // the outage was logged
        Assert.Contains(silos, s => s.Output.Contains("Dependency back: store", StringComparison.Ordinal)); // and its end
    }

    private static List<string> Batch() =>
        Enumerable.Range(1, 4).SelectMany(actor => TestData.RavdessFiles($"16k/Actor_{actor:00}")).Take(Files).ToList();

    /// <summary>Polls <c>/readyz</c> until it says 503; returns what it says.</summary>
    private static async Task<string> WaitForUnreadyAsync(SiloProcess silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await silo.Client.GetAsync("/readyz");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return await response.Content.ReadAsStringAsync();
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("/readyz never reported the outage");
    }

    private static async Task AssertSettledAsync(DistributedCluster cluster, SiloProcess[] silos)
    {
        var rows = await cluster.RowsAsync();
        Assert.Equal(Files, rows.Count);
        Assert.All(rows, r => Assert.Equal("embedded", r.Status));
        Assert.Equal(Files, (await cluster.BlobNamesAsync("processed/")).Count);
        Assert.Empty(await cluster.BlobNamesAsync("incoming/"));
        Assert.Empty(await cluster.BlobNamesAsync("failed/"));
        foreach (var silo in silos)
        {
            Assert.Null(silo.ExitCode); // both silos lived through it
            await silo.WaitUntilAsync(async () => (await silo.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready again");
        }
    }
}
