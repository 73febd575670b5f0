using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

/// <summary>A short lease on a file held inside the embedder: renewed while the work runs, and the work stops when another silo takes it.</summary>
public sealed class LeaseKeeperTests
{
    /// <summary>Short enough that the work outlives it several times, long enough that a loaded machine's renewal is not late.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_lease_shorter_than_the_work_is_renewed_and_no_other_silo_gets_the_file()
    {
        await using var world = await CreateAsync();
        var (command, probe) = await RegisterAsync(world);
        probe.Close();
        var run = Processor(world, probe).ProcessAsync(command.FileId, Ct);
        await probe.FirstEntry.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Two and a half lease lengths inside the embedder: without renewal the lease would have expired twice.
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(Lease / 2, Ct);
            Assert.False(await world.Catalog.TryStartProcessingAsync(command.FileId, new FileLease("silo-b", Lease), Ct));
        }

        probe.Open();
        var outcome = await run;

        Assert.Equal(ProcessResult.Embedded, outcome.Result);
        var row = await world.RowAsync(command.FileId);
        Assert.Equal((FileStatus.Embedded, 1, TestLease.Owners.Instance.Self), (row.Status, row.Attempts, row.LeaseOwner));
    }

    [Fact]
    public async Task Work_whose_lease_was_taken_over_stops_without_moving_or_marking_the_file()
    {
        await using var world = await CreateAsync();
        var (command, probe) = await RegisterAsync(world);
        probe.Close();
        var run = Processor(world, probe).ProcessAsync(command.FileId, Ct);
        await probe.FirstEntry.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Another silo believes this one dead and takes the file over while it is inside the embedder.
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId,
            new FileLease("silo-b", TimeSpan.FromMinutes(5), TakeOverFrom: TestLease.Owners.Instance.Self), Ct));
        await Task.Delay(Lease, Ct); // a renewal finds the lease gone
        probe.Open();
        var outcome = await run;

        Assert.Equal(ProcessResult.Skipped, outcome.Result);
        var row = await world.RowAsync(command.FileId);
        Assert.Equal((FileStatus.Processing, "silo-b", 2), (row.Status, row.LeaseOwner, row.Attempts));
        Assert.Equal([$"incoming/{command.Name}"], await world.KeysAsync("incoming"));
        Assert.Empty(await world.KeysAsync("processed"));
    }

    private static async Task<(ProcessAudioFile Command, EmbedderProbe Probe)> RegisterAsync(GrainWorld world)
    {
        var path = Ravdess.Actor01(1)[0];
        var command = await world.RegisterAsync(Path.GetFileName(path), await File.ReadAllBytesAsync(path, Ct));
        return (command, new EmbedderProbe());
    }

    private static AudioFileProcessor Processor(GrainWorld world, EmbedderProbe probe) =>
        new(world.Store, world.Catalog, world.FrontEnd, new ProbedEmbedder(world.Embedder, "silo-a", probe), world.Segments, new FileWorkPool(1),
            world.Processing with { LeaseDuration = Lease }, TestLease.Owners.Instance, NullLogger<AudioFileProcessor>.Instance);
}
