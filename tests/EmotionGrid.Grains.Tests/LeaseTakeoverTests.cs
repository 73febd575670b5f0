using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

/// <summary>Another silo's lease on a file: respected while that silo lives, taken over at once when it is declared dead.</summary>
public sealed class LeaseTakeoverTests
{
    private const string OtherSilo = "10.0.0.2:11111@1";

    [Fact]
    public async Task A_file_leased_to_a_live_silo_is_left_to_it()
    {
        await using var world = await CreateAsync();
        var (command, name) = await RegisterLeasedAsync(world);

        var outcome = await Processor(world, deadSilos: []).ProcessAsync(command.FileId, Ct);

        Assert.Equal(ProcessResult.Skipped, outcome.Result);
        var row = await world.RowAsync(command.FileId);
        Assert.Equal((FileStatus.Processing, OtherSilo, 1), (row.Status, row.LeaseOwner, row.Attempts));
        Assert.Equal([$"incoming/{name}"], await world.KeysAsync("incoming"));
        Assert.Empty(await world.VectorKeysAsync());
    }

    [Fact]
    public async Task A_file_leased_to_a_dead_silo_is_taken_over_and_finished_once()
    {
        await using var world = await CreateAsync();
        var (command, name) = await RegisterLeasedAsync(world);

        var outcome = await Processor(world, deadSilos: [OtherSilo]).ProcessAsync(command.FileId, Ct);

        Assert.Equal(ProcessResult.Embedded, outcome.Result);
        var row = await world.RowAsync(command.FileId);
        Assert.Equal((FileStatus.Embedded, TestLease.Owners.Instance.Self, 2), (row.Status, row.LeaseOwner, row.Attempts));
        Assert.Null(row.LeaseExpiresAt);
        Assert.Equal([$"processed/{name}"], await world.KeysAsync("processed"));
        Assert.Single(await world.VectorKeysAsync());
    }

    private static async Task<(ProcessAudioFile Command, string Name)> RegisterLeasedAsync(GrainWorld world)
    {
        var path = Ravdess.Actor01(1)[0];
        var name = Path.GetFileName(path);
        var command = await world.RegisterAsync(name, await File.ReadAllBytesAsync(path, Ct));
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, new FileLease(OtherSilo, TimeSpan.FromMinutes(5)), Ct));
        return (command, name);
    }

    private static AudioFileProcessor Processor(GrainWorld world, string[] deadSilos) =>
        new(world.Store, world.Catalog, world.FrontEnd, world.Embedder, world.Segments, new FileWorkPool(1), world.Processing,
            new Owners(deadSilos), NullLogger<AudioFileProcessor>.Instance);

    private sealed class Owners(string[] dead) : ILeaseOwners
    {
        public string Self => TestLease.Owners.Instance.Self;

        public bool IsDead(string owner) => dead.Contains(owner);
    }
}
