using System.Security.Cryptography;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using EmotionGrid.Storage.FileSystem;
using EmotionGrid.Storage.Sqlite;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>
/// The real adapters in a temp folder: a <see cref="FileSystemBlobStore"/> bucket, a <see cref="SqliteFileCatalog"/>
/// database, the real audio front end and embedder, an <see cref="AudioFileProcessor"/> (what an AudioFileGrain
/// runs) and an <see cref="IncomingFileIntake"/> that dispatches to a <see cref="RecordingDispatcher"/>.
/// </summary>
internal sealed class GrainWorld : IAsyncDisposable
{
    private GrainWorld(string root)
    {
        Root = root;
        Store = new FileSystemBlobStore(Path.Combine(root, "bucket"));
        Catalog = new SqliteFileCatalog(Path.Combine(root, "catalog", "files.db"));
        Dispatcher = new RecordingDispatcher(Catalog);
        Grain = new FileProcessorDriver(CreateProcessor(Embedder, Segments));
        Intake = new IncomingFileIntake(Store, Catalog, Dispatcher, NullLogger<IncomingFileIntake>.Instance);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Root { get; }

    public FileSystemBlobStore Store { get; }

    public SqliteFileCatalog Catalog { get; }

    public RecordingDispatcher Dispatcher { get; }

    public AudioFrontEnd FrontEnd { get; } = new();

    public SegmentOptions Segments { get; } = SegmentOptions.Default;

    public LogMelStatisticsEmbedder Embedder { get; } = new();

    /// <summary>Runs the processor for a registered file, as its grain would.</summary>
    public FileProcessorDriver Grain { get; }

    public IncomingFileIntake Intake { get; }

    public AudioFileProcessor CreateProcessor(IAudioEmbedder embedder, SegmentOptions segments, TranscriptionWorker? transcriptions = null) =>
        new(Store, Catalog, FrontEnd, embedder, segments, new FileWorkPool(2), Processing, TestLease.Owners.Instance, NullLogger<AudioFileProcessor>.Instance, transcriptions);

    public TranscriptionWorker CreateTranscriptionWorker(EmotionGrid.Audio.Transcription.ITranscriber? transcriber, SegmentOptions segments) =>
        new(Store, Catalog, FrontEnd, segments, new TranscriptionWorkPool(1), NullLogger<TranscriptionWorker>.Instance, transcriber);

    public ProcessingSettings Processing { get; } = new() { MaxAttempts = 3 };

    public static async Task<GrainWorld> CreateAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "emotiongrid-grains-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var world = new GrainWorld(root);
        await world.Catalog.InitializeAsync(Ct);
        return world;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string VectorKey(string embedderId, string id) => $"{BlobContainers.Embeddings}/{embedderId}/{id}.npy";

    public async Task<BlobItem> PutAsync(string key, byte[] bytes)
    {
        await using (var content = new MemoryStream(bytes))
        {
            await Store.WriteAsync(key, content, overwrite: false, Ct);
        }

        return (await Store.GetAsync(key, Ct))!;
    }

    public Task<BlobItem> PutIncomingAsync(string name, byte[] bytes) => PutAsync(BlobContainers.Key(BlobContainers.Incoming, name), bytes);

    public async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    /// <summary>Keys directly under a container (or a sub-folder such as <c>embeddings/logmel-v1</c>), sorted.</summary>
    public async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(prefix, Ct))
        {
            keys.Add(item.Key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public Task<List<string>> VectorKeysAsync() => KeysAsync($"{BlobContainers.Embeddings}/{Embedder.Id}");

    /// <summary>Drops the bytes into <c>incoming/</c> and takes them in; returns the command the intake dispatched.</summary>
    public async Task<ProcessAudioFile> RegisterAsync(string name, byte[] bytes)
    {
        var blob = await PutIncomingAsync(name, bytes);
        var before = Dispatcher.Commands.Count;
        var result = await Intake.AcceptAsync(blob, cancellationToken: Ct);
        Assert.Equal(RegisterResult.Registered, result.Result);
        Assert.Equal(before + 1, Dispatcher.Commands.Count);
        return Dispatcher.Commands[^1];
    }

    public async Task<FileRecord> RowAsync(string id) =>
        await Catalog.GetAsync(id, Ct) ?? throw new InvalidOperationException($"no catalog row for {id}");

    public ValueTask DisposeAsync()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is harmless
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Drives an <see cref="AudioFileProcessor"/> with the tests' <see cref="ProcessAudioFile"/> descriptions.</summary>
internal sealed class FileProcessorDriver(AudioFileProcessor processor)
{
    public Task<ProcessOutcome> ProcessAsync(ProcessAudioFile command, CancellationToken cancellationToken) =>
        processor.ProcessAsync(command.FileId, cancellationToken);
}
