using EmotionGrid.Contracts.Files;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>Kill -9 at arbitrary points, restart on the same data: every file ends embedded exactly once.</summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_silo_mid_batch_and_restarting_embeds_every_file_exactly_once()
    {
        var sources = TestData.RavdessFiles("16k/Actor_02");
        using var root = new TempDataRoot();
        var settings = new Dictionary<string, string> { ["EmotionGrid__Processing__Concurrency"] = "1" };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync();
        foreach (var source in sources)
        {
            File.Copy(source, Path.Combine(root.Folder("incoming"), Path.GetFileName(source)));
        }

        // Crash three times at different stages of the batch, then let it finish.
        foreach (var target in new[] { 1, sources.Length / 3, 2 * sources.Length / 3 })
        {
            await silo.WaitUntilAsync(async () => (await silo.StatusAsync()).ByStatus[FileStatus.Embedded] >= target, TimeSpan.FromMinutes(3), $"{target} embedded");
            var status = await silo.StatusAsync();
            output.WriteLine($"kill -9 at {status.ByStatus[FileStatus.Embedded]} embedded, {status.ByStatus[FileStatus.Processing]} processing, {status.ByStatus[FileStatus.Queued]} queued");
            await silo.KillAsync();
            await silo.StartAsync();
        }

        var settled = await silo.WaitForSettledAsync(sources.Length, TimeSpan.FromMinutes(4));
        Assert.Equal(sources.Length, settled.ByStatus[FileStatus.Embedded]);
        Assert.Equal(sources.Length, root.Files("processed").Length);
        Assert.Equal(sources.Length, root.Files(Path.Combine("embeddings", settled.Embedder), "*.npy").Length);
        Assert.Empty(root.Files("incoming"));
        Assert.Empty(root.Files("failed"));
        Assert.Equal(
            sources.Select(Path.GetFileName).Order(),
            root.Files("processed").Select(Path.GetFileName).Order());
    }
}
