using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.FileSystem;

namespace EmotionGrid.Storage.Tests;

/// <summary>The blob contract on a temp folder per test, plus what only the file-system adapter does.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("emotiongrid-blobs-").FullName;
    private int _stores;

    private string Root => Path.Combine(_parent, "bucket");

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(NewStore());

    /// <summary>A store on a fresh root; the first one of a test lives at <see cref="Root"/>.</summary>
    private FileSystemBlobStore NewStore() =>
        new(_stores++ == 0 ? Root : Path.Combine(_parent, $"bucket-{_stores}"));

    [Fact]
    public void The_containers_are_created_under_the_root()
    {
        var store = NewStore();

        Assert.Equal(Path.GetFullPath(Root), store.Root);
        foreach (var container in BlobContainers.All)
        {
            Assert.True(Directory.Exists(Path.Combine(Root, container)), $"{container} was not created");
        }
    }

    [Fact]
    public async Task A_blob_is_a_file_at_root_container_name()
    {
        var store = NewStore();
        var content = Bytes(777, seed: 30);

        await store.WriteAsync("processed/x.wav", new MemoryStream(content), overwrite: false, Ct);
        await store.WriteAsync("embeddings/ab/x.npy", new MemoryStream(content), overwrite: false, Ct);

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(Root, "processed", "x.wav"), Ct));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(Root, "embeddings", "ab", "x.npy"), Ct));
    }

    [Fact]
    public async Task Files_dropped_into_the_folder_are_blobs()
    {
        var store = NewStore();
        var content = Bytes(321, seed: 31);
        await File.WriteAllBytesAsync(Path.Combine(Root, "incoming", "dropped.wav"), content, Ct);

        var item = Assert.Single(await ListAsync(store, "incoming/"));

        Assert.Equal("incoming/dropped.wav", item.Key);
        Assert.Equal(321, item.Size);
        Assert.Equal(content, await ReadAllAsync(store, item.Key));
    }

    [Fact]
    public async Task A_new_store_on_the_same_root_sees_earlier_blobs()
    {
        var content = Bytes(100, seed: 32);
        await NewStoreAt(Root).WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);

        Assert.Equal(content, await ReadAllAsync(NewStoreAt(Root), A));
    }

    [Theory]
    [InlineData("my recording (take 1).wav")]
    [InlineData("Grüße aus Köln.wav")]
    [InlineData("音声ファイル 😀.wav")]
    [InlineData("quote's & ampersand #1 %20.wav")]
    public async Task Names_with_spaces_and_unicode_work(string name)
    {
        var store = NewStore();
        var key = BlobContainers.Key(BlobContainers.Incoming, name);
        var content = Bytes(500, seed: 33);

        await store.WriteAsync(key, new MemoryStream(content), overwrite: false, Ct);

        var item = Assert.Single(await ListAsync(store, "incoming/"));
        Assert.Equal(key, item.Key);
        Assert.Equal(name, item.Name);
        Assert.Equal(content, await ReadAllAsync(store, key));
        Assert.True(File.Exists(Path.Combine(Root, "incoming", name)));

        var moved = BlobContainers.Key(BlobContainers.Processed, name);
        Assert.True(await store.TryMoveAsync(key, moved, Ct));
        Assert.Equal(content, await ReadAllAsync(store, moved));
    }

    [Fact]
    public async Task A_long_unicode_upload_name_made_safe_can_be_stored()
    {
        var store = NewStore();
        var name = BlobKey.SafeName(string.Concat(Enumerable.Repeat("音声", 120)) + ".wav");
        var key = BlobContainers.Key(BlobContainers.Incoming, name);

        await store.WriteAsync(key, new MemoryStream(Bytes(10, seed: 34)), overwrite: false, Ct);

        Assert.Equal(name, Assert.Single(await ListAsync(store, "incoming/")).Name);
    }

    [Fact]
    public async Task Subscribe_fires_when_a_file_is_created_in_the_container()
    {
        var store = NewStore();
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using (store.Subscribe(BlobContainers.Incoming, () => fired.TrySetResult()))
        {
            await File.WriteAllBytesAsync(Path.Combine(Root, "incoming", "new.wav"), Bytes(10, seed: 35), Ct);

            // A bound so a missing event fails instead of hanging; the event normally comes at once.
            await fired.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
    }

    [Fact]
    public async Task Subscribe_fires_when_the_store_writes_into_the_container()
    {
        var store = NewStore();
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using (store.Subscribe(BlobContainers.Incoming, () => fired.TrySetResult()))
        {
            await store.WriteAsync(A, new MemoryStream(Bytes(10, seed: 36)), overwrite: false, Ct);

            await fired.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
    }

    [Fact]
    public async Task Writes_leave_no_temp_files_behind()
    {
        var store = NewStore();
        await store.WriteAsync(A, new MemoryStream(Bytes(10, seed: 37)), overwrite: false, Ct);
        await store.WriteAsync(A, new MemoryStream(Bytes(20, seed: 38)), overwrite: true, Ct);
        await Assert.ThrowsAsync<BlobAlreadyExistsException>(() => store.WriteAsync(A, new MemoryStream(Bytes(30, seed: 39)), overwrite: false, Ct));

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Root, ".tmp")));
    }

    [Fact]
    public async Task A_write_whose_source_fails_creates_no_blob_and_no_temp_file()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(A, new FailingStream(Bytes(200_000, seed: 40)), overwrite: false, Ct));

        Assert.Null(await store.GetAsync(A, Ct));
        Assert.Empty(await ListAsync(store, "incoming/"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Root, ".tmp")));
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task Invalid_keys_touch_nothing_outside_the_root(string key)
    {
        var store = NewStore();
        var outsideBefore = Directory.GetFileSystemEntries(_parent, "*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.WriteAsync(key, new MemoryStream(Bytes(10, seed: 42)), overwrite: true, Ct));

        Assert.Equal(outsideBefore, Directory.GetFileSystemEntries(_parent, "*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("..")]
    [InlineData("incoming/../../")]
    [InlineData("/etc/")]
    [InlineData("")]
    public async Task ListAsync_refuses_a_prefix_outside_the_root(string prefix)
    {
        var store = NewStore();
        await File.WriteAllBytesAsync(Path.Combine(_parent, "outside.wav"), Bytes(10, seed: 43), Ct);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => ListAsync(store, prefix));
    }

    private static FileSystemBlobStore NewStoreAt(string root) => new(root);

    /// <summary>Gives some bytes, then fails like a dropped upload connection.</summary>
    private sealed class FailingStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => Position > 50_000 ? throw new IOException("connection reset") : base.Read(buffer, offset, Math.Min(count, 16_384));

        public override int Read(Span<byte> buffer) => Position > 50_000 ? throw new IOException("connection reset") : base.Read(buffer[..Math.Min(buffer.Length, 16_384)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position > 50_000 ? ValueTask.FromException<int>(new IOException("connection reset")) : base.ReadAsync(buffer[..Math.Min(buffer.Length, 16_384)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
