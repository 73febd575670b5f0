using System.Diagnostics;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// Heavy work runs on the silo's bounded pool, not on the grains' scheduler or the request threads: while a
/// burst of real files is embedded, the health probe keeps answering promptly.
/// </summary>
public sealed class ResponsivenessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_sixty_real_files_are_embedded_healthz_answers_every_request_within_a_second()
    {
        var sources = TestData.RavdessFiles("48k/Actor_01");
        Assert.Equal(60, sources.Length);
        using var machine = await MachineLoadLock.AcquireAsync(TimeSpan.FromMinutes(20)); // not inside a multi-silo test's load
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path);
        await silo.StartAsync();

        foreach (var source in sources)
        {
            File.Copy(source, Path.Combine(root.Folder("incoming"), Path.GetFileName(source)));
        }

        var latencies = new List<double>();
        var sawWork = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var clock = Stopwatch.StartNew();
            using var response = await silo.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Assert.True(response.IsSuccessStatusCode, $"/healthz answered {(int)response.StatusCode}");

            var status = await silo.StatusAsync();
            var unfinished = status.ByStatus.GetValueOrDefault(FileStatus.Queued) + status.ByStatus.GetValueOrDefault(FileStatus.Processing);
            sawWork |= unfinished > 0;
            if (status.ByStatus.GetValueOrDefault(FileStatus.Embedded) == 60)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the burst did not finish: {string.Join(", ", status.ByStatus)}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        latencies.Sort();
        output.WriteLine($"{latencies.Count} probes during the burst: median {latencies[latencies.Count / 2]:F1} ms, max {latencies[^1]:F1} ms");
        Assert.True(sawWork, "the probes never saw the burst in progress");
        Assert.True(latencies.Count >= 5, $"only {latencies.Count} probes ran during the burst");
        Assert.All(latencies, ms => Assert.True(ms < 1000, $"a /healthz request took {ms:F0} ms"));
    }
}
