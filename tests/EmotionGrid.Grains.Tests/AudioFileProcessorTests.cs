using EmotionGrid.Audio;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Vectors;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

public sealed class AudioFileProcessorTests
{
    [Fact]
    public async Task Embeds_a_registered_RAVDESS_file_and_moves_it_to_processed()
    {
        var path = Ravdess.Actor01(1)[0];
        var name = Path.GetFileName(path);
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync(name, bytes);

        await world.Grain.ProcessAsync(command, Ct);

        var id = Sha256(bytes);
        var row = await world.RowAsync(id);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Null(row.Error);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(world.Embedder.Id, row.Embedder);
        Assert.Equal(world.Embedder.Dimension, row.VectorDimension);
        Assert.Equal(VectorKey(world.Embedder.Id, id), row.VectorBlob);
        Assert.Equal($"processed/{name}", row.AudioBlob);
        Assert.Null(row.PendingBlob);

        // what the file is, as the decoder sees it independently
        var decoded = new WavDecoder().Decode(path);
        Assert.Equal(decoded.SampleRate, row.SampleRate);
        Assert.Equal(decoded.Channels, row.Channels);
        Assert.Equal(16_000, row.SampleRate);
        Assert.Equal(1, row.Channels);
        Assert.NotNull(row.DurationSeconds);
        Assert.Equal(decoded.DurationSeconds, row.DurationSeconds!.Value, 6);
        Assert.InRange(row.DurationSeconds.Value, 1.0, 10.0);

        // the vector: a float32 .npy of the embedder's dimension, finite, and exactly what the embedder makes of the clip
        var (data, shape) = NpyFormat.Read(new MemoryStream(await world.ReadAsync(row.VectorBlob!)));
        Assert.Equal([world.Embedder.Dimension], shape);
        Assert.All(data, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(data, v => v != 0);
        await using (var file = File.OpenRead(path))
        {
            var expected = world.Embedder.Embed(world.FrontEnd.Prepare(file).Samples);
            Assert.Equal(expected, data);
        }

        // the audio: moved intact, nothing left behind
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
        Assert.Equal([$"processed/{name}"], await world.KeysAsync(BlobContainers.Processed));
        Assert.Equal(bytes, await world.ReadAsync($"processed/{name}"));
        Assert.Empty(await world.KeysAsync(BlobContainers.Failed));
        Assert.Equal([VectorKey(world.Embedder.Id, id)], await world.VectorKeysAsync());
    }

    [Fact]
    public async Task Embeds_a_synthetic_stereo_44k_clip_recording_its_source_format()
    {
        var bytes = SyntheticWav.Sine(300, seconds: 1.5, sampleRate: 44_100, channels: 2);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("tone.wav", bytes);

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal(44_100, row.SampleRate);
        Assert.Equal(2, row.Channels);
        Assert.Equal(1.5, row.DurationSeconds!.Value, 3);
        Assert.Equal("processed/tone.wav", row.AudioBlob);
        var (data, shape) = NpyFormat.Read(new MemoryStream(await world.ReadAsync(row.VectorBlob!)));
        Assert.Equal([world.Embedder.Dimension], shape);
        Assert.All(data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public async Task A_second_command_for_a_finished_file_does_nothing()
    {
        var path = Ravdess.Actor01(1)[0];
        var name = Path.GetFileName(path);
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync(name, bytes);
        await world.Grain.ProcessAsync(command, Ct);
        var first = await world.RowAsync(command.FileId);
        var vector = await world.ReadAsync(first.VectorBlob!);

        await world.Grain.ProcessAsync(command, Ct);
        await world.Grain.ProcessAsync(command with { BlobKey = first.AudioBlob }, Ct);

        var second = await world.RowAsync(command.FileId);
        Assert.Equal(first, second); // attempts, blobs, timestamps: untouched
        Assert.Equal(1, second.Attempts);
        Assert.Equal([$"processed/{name}"], await world.KeysAsync(BlobContainers.Processed));
        Assert.Empty(await world.KeysAsync(BlobContainers.Failed));
        Assert.Equal([first.VectorBlob!], await world.VectorKeysAsync());
        Assert.Equal(vector, await world.ReadAsync(first.VectorBlob!));
    }

    [Fact]
    public async Task A_text_file_fails_with_the_decoders_reason_and_moves_to_failed()
    {
        var bytes = "id,emotion\n1,happy\n2,sad\n"u8.ToArray();
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("labels.wav", bytes);

        await world.Grain.ProcessAsync(command, Ct);

        var expected = Assert.Throws<AudioFormatException>(() => world.FrontEnd.Prepare(new MemoryStream(bytes)));
        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Failed, row.Status);
        Assert.Equal(expected.Message, row.Error);
        Assert.False(string.IsNullOrWhiteSpace(row.Error));
        Assert.Equal("failed/labels.wav", row.AudioBlob);
        Assert.Null(row.PendingBlob);
        Assert.Null(row.VectorBlob);
        Assert.Equal(1, row.Attempts);
        Assert.Empty(await world.KeysAsync(BlobContainers.Incoming));
        Assert.Empty(await world.KeysAsync(BlobContainers.Processed));
        Assert.Equal(["failed/labels.wav"], await world.KeysAsync(BlobContainers.Failed));
        Assert.Equal(bytes, await world.ReadAsync("failed/labels.wav"));
        Assert.Empty(await world.VectorKeysAsync());

        // failed is final: a later command leaves it alone
        await world.Grain.ProcessAsync(command, Ct);
        Assert.Equal(row, await world.RowAsync(command.FileId));
    }

    [Fact]
    public async Task A_missing_blob_fails_with_a_missing_reason()
    {
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("gone.wav", SyntheticWav.Sine());
        await world.Store.DeleteAsync("incoming/gone.wav", Ct);

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Failed, row.Status);
        Assert.Contains("missing", row.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("incoming/gone.wav", row.Error, StringComparison.Ordinal);
        Assert.Null(row.VectorBlob);
        Assert.Empty(await world.KeysAsync(BlobContainers.Failed));
        Assert.Empty(await world.KeysAsync(BlobContainers.Processed));
        Assert.Empty(await world.VectorKeysAsync());
    }

    [Fact]
    public async Task A_name_taken_in_processed_gets_a_numbered_name_and_nothing_is_overwritten()
    {
        var bytes = SyntheticWav.Sine(440);
        var occupant = SyntheticWav.Sine(660);
        await using var world = await CreateAsync();
        await world.PutAsync("processed/take.wav", occupant);
        var command = await world.RegisterAsync("take.wav", bytes);

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal("processed/take (2).wav", row.AudioBlob);
        Assert.Equal(["processed/take (2).wav", "processed/take.wav"], await world.KeysAsync(BlobContainers.Processed));
        Assert.Equal(occupant, await world.ReadAsync("processed/take.wav"));
        Assert.Equal(bytes, await world.ReadAsync("processed/take (2).wav"));
    }

    [Fact]
    public async Task A_name_taken_in_failed_gets_a_numbered_name_too()
    {
        var bytes = "not a wav"u8.ToArray();
        await using var world = await CreateAsync();
        await world.PutAsync("failed/x.wav", "someone else's"u8.ToArray());
        var command = await world.RegisterAsync("x.wav", bytes);

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Failed, row.Status);
        Assert.Equal("failed/x (2).wav", row.AudioBlob);
        Assert.Equal("someone else's"u8.ToArray(), await world.ReadAsync("failed/x.wav"));
    }

    [Fact]
    public async Task A_command_for_an_unknown_id_is_ignored()
    {
        await using var world = await CreateAsync();
        await world.PutIncomingAsync("stray.wav", SyntheticWav.Sine());

        await world.Grain.ProcessAsync(new ProcessAudioFile(new string('b', 64), "incoming/stray.wav", "stray.wav"), Ct);

        Assert.Null(await world.Catalog.GetAsync(new string('b', 64), Ct));
        Assert.Equal(["incoming/stray.wav"], await world.KeysAsync(BlobContainers.Incoming));
        Assert.Empty(await world.VectorKeysAsync());
    }

    [Fact]
    public async Task A_too_short_clip_fails_with_the_decoders_reason()
    {
        var bytes = SyntheticWav.Sine(seconds: 0.05);
        await using var world = await CreateAsync();
        var command = await world.RegisterAsync("blip.wav", bytes);

        await world.Grain.ProcessAsync(command, Ct);

        var expected = Assert.Throws<AudioFormatException>(() => world.FrontEnd.Prepare(new MemoryStream(bytes)));
        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Failed, row.Status);
        Assert.Equal(expected.Message, row.Error);
        Assert.Equal("failed/blip.wav", row.AudioBlob);
    }

    [Fact]
    public async Task A_non_finite_vector_fails_the_file_instead_of_storing_it()
    {
        await using var world = await CreateAsync();
        var grain = new FileProcessorDriver(world.CreateProcessor(new NaNEmbedder(), world.Segments));
        var command = await world.RegisterAsync("nan.wav", SyntheticWav.Sine());

        await grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Failed, row.Status);
        Assert.Contains("non-finite", row.Error, StringComparison.Ordinal);
        Assert.Equal("failed/nan.wav", row.AudioBlob);
        Assert.Empty(await world.KeysAsync($"{BlobContainers.Embeddings}/nan-test"));
    }

    private sealed class NaNEmbedder : IAudioEmbedder
    {
        public string Id => "nan-test";

        public int Dimension => 4;

        public float[] Embed(ReadOnlySpan<float> samples16kMono) => [1, float.NaN, 2, 3];
    }
}
