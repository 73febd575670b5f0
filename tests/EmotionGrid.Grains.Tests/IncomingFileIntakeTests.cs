using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

public sealed class IncomingFileIntakeTests
{
    [Fact]
    public async Task A_new_blob_is_registered_and_dispatched_once_under_the_SHA256_of_its_content()
    {
        await using var world = await CreateAsync();
        var bytes = SyntheticWav.Sine(440);
        var blob = await world.PutIncomingAsync("hello.wav", bytes);

        var result = await world.Intake.AcceptAsync(blob, cancellationToken: Ct);

        var id = Sha256(bytes);
        Assert.Equal(RegisterResult.Registered, result.Result);
        Assert.Null(result.AliasBlob);
        Assert.Equal(id, result.Record.Id);
        var command = Assert.Single(world.Dispatcher.Commands);
        Assert.Equal(id, command.FileId);
        Assert.Equal("incoming/hello.wav", command.BlobKey);
        Assert.Equal("hello.wav", command.Name);

        var row = await world.RowAsync(id);
        Assert.Equal(FileStatus.Queued, row.Status);
        Assert.Equal("hello.wav", row.Name);
        Assert.Equal("incoming/hello.wav", row.AudioBlob);
        Assert.Equal(bytes.Length, row.SizeBytes);
        Assert.Equal(0, row.Attempts);
        Assert.NotNull(await world.Store.GetAsync("incoming/hello.wav", Ct)); // intake does not move new files
    }

    [Fact]
    public async Task The_same_blob_again_is_already_tracked_and_nothing_more_is_dispatched()
    {
        await using var world = await CreateAsync();
        var bytes = SyntheticWav.Sine(440);
        var blob = await world.PutIncomingAsync("hello.wav", bytes);
        await world.Intake.AcceptAsync(blob, cancellationToken: Ct);

        var again = await world.Intake.AcceptAsync(blob, cancellationToken: Ct);

        Assert.Equal(RegisterResult.AlreadyTracked, again.Result);
        Assert.Equal(Sha256(bytes), again.Record.Id);
        Assert.Null(again.AliasBlob);
        Assert.Single(world.Dispatcher.Commands);
        Assert.Equal(["incoming/hello.wav"], await world.KeysAsync(BlobContainers.Incoming));
        Assert.Empty(await world.Catalog.GetAliasesAsync(again.Record.Id, Ct));
    }

    [Fact]
    public async Task The_same_content_under_another_name_becomes_an_alias_moved_to_processed()
    {
        await using var world = await CreateAsync();
        var bytes = SyntheticWav.Sine(440);
        var original = await world.Intake.AcceptAsync(await world.PutIncomingAsync("first.wav", bytes), cancellationToken: Ct);
        var copy = await world.PutIncomingAsync("copy.wav", bytes);

        var result = await world.Intake.AcceptAsync(copy, cancellationToken: Ct);

        Assert.Equal(RegisterResult.Duplicate, result.Result);
        Assert.Equal(original.Record.Id, result.Record.Id);
        Assert.Equal("processed/copy.wav", result.AliasBlob);
        Assert.Single(world.Dispatcher.Commands); // only the original's
        Assert.Equal(["incoming/first.wav"], await world.KeysAsync(BlobContainers.Incoming));
        Assert.Equal(["processed/copy.wav"], await world.KeysAsync(BlobContainers.Processed));
        Assert.Equal(bytes, await world.ReadAsync("processed/copy.wav"));
        Assert.Equal(["copy.wav"], await world.Catalog.GetAliasesAsync(original.Record.Id, Ct));

        var counts = await world.Catalog.CountByStatusAsync(Ct);
        Assert.Equal(1, counts.Values.Sum()); // no new row
        var row = await world.RowAsync(original.Record.Id);
        Assert.Equal("first.wav", row.Name);
        Assert.Equal("incoming/first.wav", row.AudioBlob);
    }

    [Fact]
    public async Task A_duplicate_of_a_failed_file_goes_to_failed()
    {
        await using var world = await CreateAsync();
        var bytes = "not audio at all"u8.ToArray();
        var original = await world.Intake.AcceptAsync(await world.PutIncomingAsync("bad.wav", bytes), cancellationToken: Ct);
        await world.Catalog.MarkFailedAsync(original.Record.Id, "not a WAV", "failed/bad.wav", cancellationToken: Ct);

        var result = await world.Intake.AcceptAsync(await world.PutIncomingAsync("bad again.wav", bytes), cancellationToken: Ct);

        Assert.Equal(RegisterResult.Duplicate, result.Result);
        Assert.Equal("failed/bad again.wav", result.AliasBlob);
        Assert.Equal(["failed/bad again.wav"], await world.KeysAsync(BlobContainers.Failed));
        Assert.Empty(await world.KeysAsync(BlobContainers.Processed));
        Assert.Equal(["incoming/bad.wav"], await world.KeysAsync(BlobContainers.Incoming));
        Assert.Equal(["bad again.wav"], await world.Catalog.GetAliasesAsync(original.Record.Id, Ct));
        Assert.Single(world.Dispatcher.Commands);
        Assert.Equal(FileStatus.Failed, (await world.RowAsync(original.Record.Id)).Status);
    }

    [Fact]
    public async Task A_duplicate_never_overwrites_a_processed_file_of_the_same_name()
    {
        await using var world = await CreateAsync();
        var bytes = SyntheticWav.Sine(440);
        var other = SyntheticWav.Sine(880);
        await world.PutAsync("processed/copy.wav", other);
        await world.Intake.AcceptAsync(await world.PutIncomingAsync("first.wav", bytes), cancellationToken: Ct);

        var result = await world.Intake.AcceptAsync(await world.PutIncomingAsync("copy.wav", bytes), cancellationToken: Ct);

        Assert.Equal(RegisterResult.Duplicate, result.Result);
        Assert.Equal("processed/copy (2).wav", result.AliasBlob);
        Assert.Equal(other, await world.ReadAsync("processed/copy.wav"));
        Assert.Equal(bytes, await world.ReadAsync("processed/copy (2).wav"));
    }

    [Fact]
    public async Task A_known_id_is_trusted_without_reading_the_blob()
    {
        await using var world = await CreateAsync();
        var counting = new CountingBlobStore(world.Store);
        var intake = new IncomingFileIntake(counting, world.Catalog, world.Dispatcher, NullLogger<IncomingFileIntake>.Instance);
        var bytes = SyntheticWav.Sine(440);
        var blob = await world.PutIncomingAsync("upload.wav", bytes);
        var knownId = new string('a', 64); // deliberately not the content's hash: proves it is not recomputed

        var result = await intake.AcceptAsync(blob, knownId, Ct);

        Assert.Equal(0, counting.Reads);
        Assert.Equal(RegisterResult.Registered, result.Result);
        Assert.Equal(knownId, result.Record.Id);
        Assert.Equal(knownId, Assert.Single(world.Dispatcher.Commands).FileId);
        Assert.NotNull(await world.Catalog.GetAsync(knownId, Ct));
        Assert.Null(await world.Catalog.GetAsync(Sha256(bytes), Ct));
    }

    [Fact]
    public async Task Without_a_known_id_the_blob_is_read_to_hash_it()
    {
        await using var world = await CreateAsync();
        var counting = new CountingBlobStore(world.Store);
        var intake = new IncomingFileIntake(counting, world.Catalog, world.Dispatcher, NullLogger<IncomingFileIntake>.Instance);
        var bytes = SyntheticWav.Sine(440);

        var result = await intake.AcceptAsync(await world.PutIncomingAsync("upload.wav", bytes), cancellationToken: Ct);

        Assert.Equal(1, counting.Reads);
        Assert.Equal(Sha256(bytes), result.Record.Id);
    }
}
