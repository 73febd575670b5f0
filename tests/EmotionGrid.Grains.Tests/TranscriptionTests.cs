using System.Collections.Concurrent;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Audio.Transcription;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Grains.Tests.Support;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

/// <summary>
/// A file's transcript is made after its embedding, on a pool of its own: embedding never waits for the recogniser; the
/// recogniser hears the whole recording once, in order (a long file's overlapping segments are not heard twice); the
/// transcript lands in the catalog and is searchable; a recogniser failure leaves an empty transcript on an embedded
/// file, never a failed one; files embedded without one are found and transcribed by the backfill.
/// </summary>
public sealed class TranscriptionTests
{
    [Fact]
    public async Task A_long_file_is_heard_once_in_order_and_its_transcript_is_stored_with_word_times()
    {
        await using var world = await CreateAsync();
        var transcriber = new SecondCounter();
        var options = new SegmentOptions { SegmentSeconds = 10, OverlapSeconds = 1 };
        var driver = new FileProcessorDriver(world.CreateProcessor(world.Embedder, options, world.CreateTranscriptionWorker(transcriber, options)));
        var bytes = SyntheticWav.Sine(220, seconds: 25);
        var command = await world.RegisterAsync("long.wav", bytes);

        await driver.ProcessAsync(command, Ct);

        var row = await TranscribedAsync(world, command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        var heard = Assert.Single(transcriber.Heard);
        var samples = world.FrontEnd.Prepare(new MemoryStream(bytes)).Samples;
        Assert.Equal(samples, heard); // every sample once, in order, despite the segments' overlap
        var transcript = row.Transcript!;
        Assert.Equal("second0 second1 second2 second3 second4 second5 second6 second7 second8 second9 second10 second11 second12 second13 second14 second15 second16 second17 second18 second19 second20 second21 second22 second23 second24", transcript.Text);
        Assert.Equal("second-counter", transcript.Transcriber);
        Assert.Equal(25, transcript.Words.Count);
        Assert.Equal("second9 second10 second11 second12 second13 second14 second15 second16 second17 second18", transcript.TextBetween(9, 19));
        Assert.Equal(command.FileId, Assert.Single((await world.Catalog.QueryAsync(new EmotionGrid.Storage.Catalog.FileQuery(Text: "second24"), Ct)).Items).Id);
    }

    [Fact]
    public async Task A_recogniser_that_fails_leaves_an_empty_transcript_on_an_embedded_file()
    {
        await using var world = await CreateAsync();
        var driver = new FileProcessorDriver(world.CreateProcessor(world.Embedder, new SegmentOptions(), world.CreateTranscriptionWorker(new Failing(), new SegmentOptions())));
        var command = await world.RegisterAsync("short.wav", SyntheticWav.Sine(330, seconds: 3));

        await driver.ProcessAsync(command, Ct);

        var row = await TranscribedAsync(world, command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal("", row.Transcript!.Text);
        Assert.Empty(row.Transcript.Words);
    }

    [Fact]
    public async Task Without_a_transcriber_there_is_no_transcript()
    {
        await using var world = await CreateAsync();
        var driver = new FileProcessorDriver(world.CreateProcessor(world.Embedder, new SegmentOptions()));
        var command = await world.RegisterAsync("short.wav", SyntheticWav.Sine(330, seconds: 3));

        await driver.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Null(row.Transcript);
    }

    [Fact]
    public async Task Embedding_does_not_wait_for_a_slow_recogniser()
    {
        await using var world = await CreateAsync();
        using var gate = new ManualResetEventSlim();
        var options = new SegmentOptions();
        var driver = new FileProcessorDriver(world.CreateProcessor(world.Embedder, options, world.CreateTranscriptionWorker(new Gated(gate), options)));
        var command = await world.RegisterAsync("short.wav", SyntheticWav.Sine(330, seconds: 3));

        await driver.ProcessAsync(command, Ct); // returns while the recogniser is still stuck

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.NotNull(row.VectorBlob);
        Assert.Null(row.Transcript);
        gate.Set();
        Assert.Equal("gated", (await TranscribedAsync(world, command.FileId)).Transcript!.Text);
    }

    [Fact]
    public async Task Files_embedded_without_a_transcript_are_found_and_transcribed_by_the_backfill()
    {
        await using var world = await CreateAsync();
        var options = new SegmentOptions();
        var withoutTranscription = new FileProcessorDriver(world.CreateProcessor(world.Embedder, options));
        var command = await world.RegisterAsync("short.wav", SyntheticWav.Sine(330, seconds: 3));
        await withoutTranscription.ProcessAsync(command, Ct);
        Assert.Null((await world.RowAsync(command.FileId)).Transcript);

        var worker = world.CreateTranscriptionWorker(new SecondCounter(), options);
        using var backfill = new TranscriptionBackfill(world.Catalog, worker, world.Processing, Microsoft.Extensions.Logging.Abstractions.NullLogger<TranscriptionBackfill>.Instance);
        await backfill.StartAsync(Ct);

        Assert.Equal("second0 second1 second2", (await TranscribedAsync(world, command.FileId)).Transcript!.Text);
        await backfill.StopAsync(Ct);
    }

    private static async Task<EmotionGrid.Storage.Catalog.FileRecord> TranscribedAsync(GrainWorld world, string fileId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var row = await world.RowAsync(fileId);
            if (row.Transcript is not null || DateTime.UtcNow > deadline)
            {
                Assert.NotNull(row.Transcript);
                return row;
            }

            await Task.Delay(50, Ct);
        }
    }

    /// <summary>Blocks in its first Accept until the gate opens, then "says" one word.</summary>
    private sealed class Gated(ManualResetEventSlim gate) : ITranscriber
    {
        public string Id => "gated";

        public ITranscriptionSession Start() => new Session(gate);

        private sealed class Session(ManualResetEventSlim gate) : ITranscriptionSession
        {
            public void Accept(ReadOnlySpan<float> samples16kMono) => gate.Wait(TimeSpan.FromSeconds(30));

            public SpeechTranscript Finish() => new("gated", 1, [new SpokenWord("gated", 0, 0.5, 1)]);

            public void Dispose()
            {
            }
        }
    }

    /// <summary>Hears everything it is fed and "says" one word per second of it, timed.</summary>
    private sealed class SecondCounter : ITranscriber
    {
        public ConcurrentQueue<float[]> Heard { get; } = new();

        public string Id => "second-counter";

        public ITranscriptionSession Start() => new Session(this);

        private sealed class Session(SecondCounter owner) : ITranscriptionSession
        {
            private readonly List<float> _samples = [];

            public void Accept(ReadOnlySpan<float> samples16kMono) => _samples.AddRange(samples16kMono);

            public SpeechTranscript Finish()
            {
                owner.Heard.Enqueue(_samples.ToArray());
                var seconds = _samples.Count / 16_000;
                var words = Enumerable.Range(0, seconds).Select(s => new SpokenWord($"second{s}", s, s + 0.5, 0.9)).ToList();
                return new SpeechTranscript(string.Join(' ', words.Select(w => w.Word)), 0.9, words);
            }

            public void Dispose()
            {
            }
        }
    }

    private sealed class Failing : ITranscriber
    {
        public string Id => "failing";

        public ITranscriptionSession Start() => new Session();

        private sealed class Session : ITranscriptionSession
        {
            public void Accept(ReadOnlySpan<float> samples16kMono) => throw new InvalidOperationException("decoder crashed");

            public SpeechTranscript Finish() => throw new InvalidOperationException("never reached");

            public void Dispose()
            {
            }
        }
    }
}
