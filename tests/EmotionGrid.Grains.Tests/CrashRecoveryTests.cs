using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Vectors;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

/// <summary>
/// Crashes are simulated by arranging exactly the catalog and bucket state a crash at that point
/// would leave behind, then running the grain (or the start-up recovery) again.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Crash_while_processing_with_the_audio_still_in_incoming_completes_once()
    {
        var path = Ravdess.Actor01(1)[0];
        var name = Path.GetFileName(path);
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync(name, bytes);
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct)); // the crashed run got this far...
        var vectorKey = VectorKey(world.Embedder.Id, command.FileId);
        await world.PutAsync(vectorKey, [1, 2, 3]); // ...and even left a torn vector behind

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Equal($"processed/{name}", row.AudioBlob);
        Assert.Null(row.PendingBlob);
        Assert.Equal([vectorKey], await world.VectorKeysAsync());
        var (data, shape) = NpyFormat.Read(new MemoryStream(await world.ReadAsync(vectorKey)));
        Assert.Equal([world.Embedder.Dimension], shape);
        Assert.All(data, v => Assert.True(float.IsFinite(v)));
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
        Assert.Equal([$"processed/{name}"], await world.KeysAsync(BlobContainers.Processed));

        await world.Grain.ProcessAsync(command, Ct); // the redelivered original command
        Assert.Equal(row, await world.RowAsync(command.FileId));
        Assert.Equal([$"processed/{name}"], await world.KeysAsync(BlobContainers.Processed));
    }

    [Fact]
    public async Task Crash_after_the_move_but_before_the_catalog_update_uses_the_pending_blob()
    {
        var path = Ravdess.Actor01(1)[0];
        var name = Path.GetFileName(path);
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync(name, bytes);
        var incomingKey = $"incoming/{name}";
        var processedKey = $"processed/{name}";

        // the crashed run: started, wrote the vector, recorded the destination, moved the audio, then died
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct));
        await world.Catalog.SetPendingBlobAsync(command.FileId, processedKey, Ct);
        Assert.True(await world.Store.TryMoveAsync(incomingKey, processedKey, Ct));
        var crashed = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Processing, crashed.Status);
        Assert.Equal(incomingKey, crashed.AudioBlob);
        Assert.Equal(processedKey, crashed.PendingBlob);

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal(processedKey, row.AudioBlob);
        Assert.Null(row.PendingBlob);
        Assert.Equal(world.Embedder.Dimension, row.VectorDimension);
        Assert.Equal([processedKey], await world.KeysAsync(BlobContainers.Processed)); // not duplicated as "(2)"
        Assert.Equal(bytes, await world.ReadAsync(processedKey));
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
        Assert.Empty(await world.KeysAsync(BlobContainers.Failed));
        Assert.Equal([VectorKey(world.Embedder.Id, command.FileId)], await world.VectorKeysAsync());
    }

    [Fact]
    public async Task Crash_after_moving_a_bad_file_to_failed_finishes_failing_it_in_place()
    {
        var bytes = "this is not audio"u8.ToArray();
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("bad.wav", bytes);
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct));
        await world.Catalog.SetPendingBlobAsync(command.FileId, "failed/bad.wav", Ct);
        Assert.True(await world.Store.TryMoveAsync("incoming/bad.wav", "failed/bad.wav", Ct));

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Failed, row.Status);
        Assert.Equal("failed/bad.wav", row.AudioBlob);
        Assert.Null(row.PendingBlob);
        Assert.Equal(["failed/bad.wav"], await world.KeysAsync(BlobContainers.Failed));
        Assert.Empty(await world.KeysAsync(BlobContainers.Processed));
    }

    [Fact]
    public async Task Crash_after_recording_the_destination_but_before_the_move_completes_from_incoming()
    {
        var bytes = SyntheticWav.Sine(500);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("half.wav", bytes);
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct));
        await world.Catalog.SetPendingBlobAsync(command.FileId, "processed/half.wav", Ct); // the move never happened

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal("processed/half.wav", row.AudioBlob);
        Assert.Null(row.PendingBlob);
        Assert.Equal(["processed/half.wav"], await world.KeysAsync(BlobContainers.Processed));
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
    }

    [Fact]
    public async Task Crash_between_link_and_unlink_keeps_the_moved_copy_and_drops_the_leftover()
    {
        var bytes = SyntheticWav.Sine(520);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("both.wav", bytes);
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct));
        await world.Catalog.SetPendingBlobAsync(command.FileId, "processed/both.wav", Ct);
        await world.PutAsync("processed/both.wav", bytes); // the link was made, the source never unlinked

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal("processed/both.wav", row.AudioBlob);
        Assert.Equal(["processed/both.wav"], await world.KeysAsync(BlobContainers.Processed));
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
    }

    [Fact]
    public async Task A_pending_name_since_taken_by_other_content_is_not_mistaken_for_this_file()
    {
        var bytes = SyntheticWav.Sine(520);
        var other = SyntheticWav.Sine(1040);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("same.wav", bytes);
        Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct));
        await world.Catalog.SetPendingBlobAsync(command.FileId, "processed/same.wav", Ct); // crashed before the move...
        await world.PutAsync("processed/same.wav", other); // ...and another file of that name got there first

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal("processed/same (2).wav", row.AudioBlob);
        Assert.Equal(bytes, await world.ReadAsync("processed/same (2).wav"));
        Assert.Equal(other, await world.ReadAsync("processed/same.wav"));
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
    }

    [Fact]
    public async Task A_file_interrupted_on_every_attempt_is_failed_with_the_reason_once_the_attempts_are_used_up()
    {
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("poison.wav", SyntheticWav.Sine(440, seconds: 1));
        for (var i = 0; i < world.Processing.MaxAttempts; i++)
        {
            Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct)); // each run died with its silo
        }

        var outcome = await world.Grain.ProcessAsync(command, Ct);

        Assert.Equal(Processing.ProcessResult.Failed, outcome.Result);
        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Failed, row.Status);
        Assert.Equal($"gave up after {world.Processing.MaxAttempts} attempts: processing was interrupted each time (EmotionGrid:Processing:MaxAttempts)", row.Error);
        Assert.Equal("failed/poison.wav", row.AudioBlob);
        Assert.Empty(await world.VectorKeysAsync());
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
    }

    [Fact]
    public async Task A_file_interrupted_fewer_times_than_the_limit_is_still_embedded()
    {
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("survivor.wav", SyntheticWav.Sine(440, seconds: 1));
        for (var i = 0; i < world.Processing.MaxAttempts - 1; i++)
        {
            Assert.True(await world.Catalog.TryStartProcessingAsync(command.FileId, TestLease.Owner, Ct));
        }

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal(world.Processing.MaxAttempts, row.Attempts);
    }
}
