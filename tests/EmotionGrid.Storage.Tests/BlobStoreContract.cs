using EmotionGrid.Storage.Blobs;

namespace EmotionGrid.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IBlobStore"/> adapter must have (file system now, Azure Blob later).
/// An adapter's test class derives from this one and supplies a fresh, empty store per test.
/// </summary>
public abstract class BlobStoreContract
{
    protected const string A = "incoming/a.wav";
    protected const string B = "incoming/b.wav";

    /// <summary>A fresh, empty store; called once or more per test (each test class instance is one test).</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> InvalidKeys { get; } =
    [
        "../x",
        "incoming/../../etc/passwd",
        "noslash",
        "incoming//a",
        "",
        "/incoming/a.wav",
        "incoming/a.wav/",
        "incoming/./a.wav",
        "incoming/..",
        "incoming/a\\..\\..\\b",
        "incoming/a\u0000.wav",
    ];

    [Fact]
    public async Task Write_then_read_returns_the_same_bytes()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(100_000, seed: 1);

        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);

        Assert.Equal(content, await ReadAllAsync(store, A));
    }

    [Fact]
    public async Task An_empty_blob_round_trips()
    {
        var store = await CreateStoreAsync();

        await store.WriteAsync(A, new MemoryStream(), overwrite: false, Ct);

        Assert.Empty(await ReadAllAsync(store, A));
        Assert.Equal(0, (await store.GetAsync(A, Ct))!.Size);
    }

    [Fact]
    public async Task Nested_keys_round_trip()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(1_000, seed: 2);
        const string key = "embeddings/ab/cd/abcd.npy";

        await store.WriteAsync(key, new MemoryStream(content), overwrite: false, Ct);

        Assert.Equal(content, await ReadAllAsync(store, key));
    }

    [Fact]
    public async Task Write_without_overwrite_on_an_existing_key_throws_and_keeps_the_old_content()
    {
        var store = await CreateStoreAsync();
        var original = Bytes(5_000, seed: 3);
        await store.WriteAsync(A, new MemoryStream(original), overwrite: false, Ct);

        var e = await Assert.ThrowsAsync<BlobAlreadyExistsException>(
            () => store.WriteAsync(A, new MemoryStream(Bytes(7_000, seed: 4)), overwrite: false, Ct));

        Assert.Equal(A, e.Key);
        Assert.Equal(original, await ReadAllAsync(store, A));
        Assert.Equal(original.Length, (await store.GetAsync(A, Ct))!.Size);
    }

    [Fact]
    public async Task Overwrite_replaces_the_content_entirely()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync(A, new MemoryStream(Bytes(10_000, seed: 5)), overwrite: false, Ct);
        var shorter = Bytes(3_000, seed: 6);

        await store.WriteAsync(A, new MemoryStream(shorter), overwrite: true, Ct);

        Assert.Equal(shorter, await ReadAllAsync(store, A));
        Assert.Equal(shorter.Length, (await store.GetAsync(A, Ct))!.Size);
    }

    [Fact]
    public async Task Overwrite_creates_a_missing_blob()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(300, seed: 7);

        await store.WriteAsync(A, new MemoryStream(content), overwrite: true, Ct);

        Assert.Equal(content, await ReadAllAsync(store, A));
    }

    [Fact]
    public async Task OpenRead_of_a_missing_key_throws_BlobNotFoundException()
    {
        var store = await CreateStoreAsync();

        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync(A, Ct));

        Assert.Equal(A, e.Key);
    }

    [Fact]
    public async Task GetAsync_returns_size_and_last_modified_and_null_when_absent()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync(A, Ct));

        var before = DateTimeOffset.UtcNow;
        await store.WriteAsync(A, new MemoryStream(Bytes(1234, seed: 8)), overwrite: false, Ct);
        var after = DateTimeOffset.UtcNow;

        var item = await store.GetAsync(A, Ct);
        Assert.NotNull(item);
        Assert.Equal(A, item.Key);
        Assert.Equal("a.wav", item.Name);
        Assert.Equal(1234, item.Size);

        // A sanity window, not a timing assert: the stamp is "about now" (clock skew of a remote store allowed).
        Assert.InRange(item.LastModified, before.AddMinutes(-5), after.AddMinutes(5));
        Assert.Null(await store.GetAsync(B, Ct));
    }

    [Fact]
    public async Task ListAsync_lists_only_the_direct_visible_children_of_the_container()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("incoming/a.wav", new MemoryStream(Bytes(10, seed: 9)), overwrite: false, Ct);
        await store.WriteAsync("incoming/b.wav", new MemoryStream(Bytes(20, seed: 10)), overwrite: false, Ct);
        await store.WriteAsync("incoming/.upload-in-progress.wav", new MemoryStream(Bytes(30, seed: 11)), overwrite: false, Ct);
        await store.WriteAsync("incoming/sub/c.wav", new MemoryStream(Bytes(40, seed: 12)), overwrite: false, Ct);
        await store.WriteAsync("processed/d.wav", new MemoryStream(Bytes(50, seed: 13)), overwrite: false, Ct);

        var items = await ListAsync(store, BlobContainers.Incoming + "/");

        Assert.Equal(["incoming/a.wav", "incoming/b.wav"], items.Select(i => i.Key).Order(StringComparer.Ordinal));
        var a = Assert.Single(items, i => i.Key == "incoming/a.wav");
        Assert.Equal("a.wav", a.Name);
        Assert.Equal(10, a.Size);
        Assert.Equal(20, items.Single(i => i.Name == "b.wav").Size);

        var processed = Assert.Single(await ListAsync(store, "processed/"));
        Assert.Equal("processed/d.wav", processed.Key);
        Assert.Equal("d.wav", processed.Name);
    }

    [Fact]
    public async Task ListAsync_of_an_empty_container_is_empty()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync("processed/a.wav", new MemoryStream(Bytes(10, seed: 14)), overwrite: false, Ct);

        Assert.Empty(await ListAsync(store, BlobContainers.Failed + "/"));
    }

    [Fact]
    public async Task TryMove_moves_the_blob()
    {
        var store = await CreateStoreAsync();
        var content = Bytes(20_000, seed: 15);
        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);

        Assert.True(await store.TryMoveAsync(A, "processed/a.wav", Ct));

        Assert.Null(await store.GetAsync(A, Ct));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync(A, Ct));
        Assert.Equal(content, await ReadAllAsync(store, "processed/a.wav"));
        Assert.Empty(await ListAsync(store, "incoming/"));
    }

    [Fact]
    public async Task TryMove_returns_false_and_changes_nothing_when_the_destination_exists()
    {
        var store = await CreateStoreAsync();
        var source = Bytes(1_000, seed: 16);
        var destination = Bytes(2_000, seed: 17);
        await store.WriteAsync(A, new MemoryStream(source), overwrite: false, Ct);
        await store.WriteAsync("processed/a.wav", new MemoryStream(destination), overwrite: false, Ct);

        Assert.False(await store.TryMoveAsync(A, "processed/a.wav", Ct));

        Assert.Equal(source, await ReadAllAsync(store, A));
        Assert.Equal(destination, await ReadAllAsync(store, "processed/a.wav"));
    }

    [Fact]
    public async Task TryMove_of_a_missing_source_throws_BlobNotFoundException_and_creates_nothing()
    {
        var store = await CreateStoreAsync();

        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.TryMoveAsync(A, "processed/a.wav", Ct));

        Assert.Equal(A, e.Key);
        Assert.Null(await store.GetAsync("processed/a.wav", Ct));
    }

    [Fact]
    public async Task DeleteAsync_removes_the_blob_and_is_a_no_op_when_absent()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync(A, new MemoryStream(Bytes(100, seed: 18)), overwrite: false, Ct);
        await store.WriteAsync(B, new MemoryStream(Bytes(100, seed: 19)), overwrite: false, Ct);

        await store.DeleteAsync(A, Ct);

        Assert.Null(await store.GetAsync(A, Ct));
        Assert.NotNull(await store.GetAsync(B, Ct));
        await store.DeleteAsync(A, Ct); // already gone
        await store.DeleteAsync("processed/never-written.wav", Ct);
        await store.DeleteAsync("embeddings/no/such/folder.npy", Ct);
        Assert.Equal("incoming/b.wav", Assert.Single(await ListAsync(store, "incoming/")).Key);
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task Invalid_keys_throw_ArgumentException_everywhere(string key)
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync(A, new MemoryStream(Bytes(10, seed: 20)), overwrite: false, Ct);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.WriteAsync(key, new MemoryStream(Bytes(10, seed: 21)), overwrite: false, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.WriteAsync(key, new MemoryStream(Bytes(10, seed: 21)), overwrite: true, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.OpenReadAsync(key, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(key, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeleteAsync(key, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryMoveAsync(A, key, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryMoveAsync(key, "processed/x.wav", Ct));

        // The rejected move left its (valid) source where it was.
        Assert.NotNull(await store.GetAsync(A, Ct));
    }

    [Fact]
    public async Task Racing_moves_to_one_destination_have_exactly_one_winner()
    {
        var store = await CreateStoreAsync();
        const int racers = 8;
        for (var round = 0; round < 10; round++)
        {
            var destination = $"processed/race-{round}.wav";
            var contents = Enumerable.Range(0, racers).Select(i => Bytes(4_096 + i, seed: (round * 100) + i)).ToArray();
            for (var i = 0; i < racers; i++)
            {
                await store.WriteAsync($"incoming/race-{round}-{i}.wav", new MemoryStream(contents[i]), overwrite: false, Ct);
            }

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var moves = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await store.TryMoveAsync($"incoming/race-{round}-{i}.wav", destination, Ct);
            }, Ct)).ToArray();
            start.SetResult();
            var results = await Task.WhenAll(moves);

            var winner = Assert.Single(Enumerable.Range(0, racers), i => results[i]);
            Assert.Equal(contents[winner], await ReadAllAsync(store, destination));
            Assert.Null(await store.GetAsync($"incoming/race-{round}-{winner}.wav", Ct));
            foreach (var loser in Enumerable.Range(0, racers).Where(i => i != winner))
            {
                Assert.Equal(contents[loser], await ReadAllAsync(store, $"incoming/race-{round}-{loser}.wav"));
            }
        }
    }

    [Fact]
    public async Task A_reader_never_sees_a_partial_blob()
    {
        var store = await CreateStoreAsync();
        const int size = 8 * 1024 * 1024;
        var first = Bytes(size, seed: 22);
        var second = Bytes(size, seed: 23);
        const string key = "incoming/big.bin";

        var done = 0;
        var polling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                polling.TrySetResult();
                var item = await store.GetAsync(key, Ct);
                if (item is not null)
                {
                    Assert.Equal(size, item.Size);
                }

                byte[] read;
                try
                {
                    read = await ReadAllAsync(store, key);
                }
                catch (BlobNotFoundException)
                {
                    continue;
                }

                Assert.Equal(size, read.Length);
                Assert.True(read.AsSpan().SequenceEqual(first) || read.AsSpan().SequenceEqual(second), "read a blob that is neither version");
            }
        }, Ct);

        var writer = Task.Run(async () =>
        {
            try
            {
                await polling.Task;
                await store.WriteAsync(key, new TrickleStream(first), overwrite: false, Ct);
                await store.WriteAsync(key, new TrickleStream(second), overwrite: true, Ct);
                await store.WriteAsync(key, new TrickleStream(first), overwrite: true, Ct);
            }
            finally
            {
                Volatile.Write(ref done, 1);
            }
        }, Ct);

        await Task.WhenAll(writer, reader);
        Assert.Equal(first, await ReadAllAsync(store, key));
    }

    [Fact]
    public async Task PingAsync_succeeds()
    {
        var store = await CreateStoreAsync();

        await store.PingAsync(Ct);
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static async Task<byte[]> ReadAllAsync(IBlobStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, Ct);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    protected static async Task<List<BlobItem>> ListAsync(IBlobStore store, string prefix)
    {
        var items = new List<BlobItem>();
        await foreach (var item in store.ListAsync(prefix, Ct))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Hands its bytes over in small reads, so a write takes many steps a reader can fall between.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 64 * 1024));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 64 * 1024)]);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
