using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Blobs;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_commands_for_five_files_processed_concurrently_embed_each_file_once()
    {
        await using var world = await CreateAsync();
        var names = Enumerable.Range(1, 5).Select(i => $"clip-{i}.wav").ToArray();
        var commands = new List<ProcessAudioFile>();
        for (var i = 0; i < names.Length; i++)
        {
            commands.Add(await world.RegisterAsync(names[i], SyntheticWav.Sine(200 + (150 * i), seconds: 1.0 + (0.1 * i))));
        }

        // every command four times (duplicates of the very same command), shuffled
        var all = commands.SelectMany(c => Enumerable.Repeat(c, 4)).ToArray();
        new Random(12345).Shuffle(all);
        Assert.Equal(20, all.Length);

        using var start = new ManualResetEventSlim();
        var tasks = all.Select(c => Task.Run(async () =>
        {
            start.Wait(Ct);
            await world.Grain.ProcessAsync(c, Ct);
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks); // any exception fails the test

        var counts = await world.Catalog.CountByStatusAsync(Ct);
        Assert.Equal(5, counts[FileStatus.Embedded]);
        Assert.Equal(0, counts[FileStatus.Failed]);
        Assert.Equal(0, counts[FileStatus.Queued] + counts[FileStatus.Processing]);
        foreach (var command in commands)
        {
            var row = await world.RowAsync(command.FileId);
            Assert.Equal(FileStatus.Embedded, row.Status);
            Assert.Equal($"processed/{command.Name}", row.AudioBlob);
            Assert.Null(row.PendingBlob);
            Assert.Null(row.Error);
        }

        Assert.Equal(names.Select(n => $"processed/{n}").Order(StringComparer.Ordinal), await world.KeysAsync(BlobContainers.Processed));
        Assert.Equal(commands.Select(c => VectorKey(world.Embedder.Id, c.FileId)).Order(StringComparer.Ordinal), await world.VectorKeysAsync());
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
        Assert.Empty(await world.KeysAsync(BlobContainers.Failed));
    }
}
