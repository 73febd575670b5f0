using System.Diagnostics;
using Azure.Storage;
using Azure.Storage.Sas;
using EmotionGrid.Storage.Azure;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Testing;

namespace EmotionGrid.Storage.Tests;

/// <summary>
/// The blob contract against a real Azurite (one per test assembly, a fresh container per store), plus what only
/// the Azure adapter does: container creation races, conditional commits, half-done moves, paging, one-line
/// configuration errors and an emulator restart. Skipped when Azurite is not installed.
/// </summary>
public sealed class AzureBlobStoreTests : BlobStoreContract
{
    protected override async Task<IBlobStore> CreateStoreAsync() => await NewStoreAsync();

    [Fact]
    public async Task InitializeAsync_twice_and_from_four_stores_at_once_is_harmless()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var container = AzuriteServer.NewContainerName();
        var stores = Enumerable.Range(0, 4).Select(_ => new AzureBlobStore(Options(azurite, container))).ToArray();

        await Task.WhenAll(stores.Select(s => s.InitializeAsync(Ct)));
        await Task.WhenAll(stores.Select(s => s.InitializeAsync(Ct)));

        var content = Bytes(1_000, seed: 50);
        await stores[0].WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);
        await stores[3].InitializeAsync(Ct);
        Assert.Equal(content, await ReadAllAsync(stores[3], A));
        Assert.Equal(A, Assert.Single(await ListAsync(stores[2], "incoming/")).Key);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(9 * 1024 * 1024)] // over one block: staged blocks, then a conditional commit
    public async Task Racing_writes_of_one_key_without_overwrite_have_exactly_one_winner(int size)
    {
        var azurite = await AzuriteServer.SharedAsync();
        var container = AzuriteServer.NewContainerName();
        var stores = new[] { new AzureBlobStore(Options(azurite, container)), new AzureBlobStore(Options(azurite, container)) };
        await stores[0].InitializeAsync(Ct);

        for (var round = 0; round < 3; round++)
        {
            var key = $"incoming/race-{round}.wav";
            var contents = new[] { Bytes(size, seed: (round * 10) + 1), Bytes(size, seed: (round * 10) + 2) };
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writes = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    await stores[i].WriteAsync(key, new MemoryStream(contents[i]), overwrite: false, Ct);
                    return true;
                }
                catch (BlobAlreadyExistsException e) when (e.Key == key)
                {
                    return false;
                }
            }, Ct)).ToArray();
            start.SetResult();
            var won = await Task.WhenAll(writes);

            var winner = Assert.Single(Enumerable.Range(0, 2), i => won[i]);
            Assert.Equal(contents[winner], await ReadAllAsync(stores[1 - winner], key));
        }
    }

    [Fact]
    public async Task A_move_cut_short_after_the_copy_is_finished_by_the_next_try()
    {
        var store = await NewStoreAsync();
        var content = Bytes(30_000, seed: 51);
        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);
        await CopyOnlyAsync(store, A, "processed/a.wav");
        Assert.NotNull(await store.GetAsync(A, Ct)); // the crash: copied, source not yet deleted

        Assert.True(await store.TryMoveAsync(A, "processed/a.wav", Ct));

        Assert.Null(await store.GetAsync(A, Ct));
        Assert.Equal(content, await ReadAllAsync(store, "processed/a.wav"));
        Assert.Empty(await ListAsync(store, "incoming/"));
    }

    [Fact]
    public async Task A_cut_short_move_is_not_finished_when_the_source_changed_since_the_copy()
    {
        var store = await NewStoreAsync();
        var copied = Bytes(3_000, seed: 52);
        var newer = Bytes(4_000, seed: 53);
        await store.WriteAsync(A, new MemoryStream(copied), overwrite: false, Ct);
        await CopyOnlyAsync(store, A, "processed/a.wav");
        await store.WriteAsync(A, new MemoryStream(newer), overwrite: true, Ct);

        Assert.False(await store.TryMoveAsync(A, "processed/a.wav", Ct));

        Assert.Equal(newer, await ReadAllAsync(store, A));
        Assert.Equal(copied, await ReadAllAsync(store, "processed/a.wav"));
    }

    [Fact]
    public async Task Equal_content_written_at_the_destination_by_someone_else_is_not_a_finished_move()
    {
        // As on disk: "destination exists" means false, whatever it holds; only the store's own copy counts.
        var store = await NewStoreAsync();
        var content = Bytes(2_000, seed: 54);
        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);
        await store.WriteAsync("processed/a.wav", new MemoryStream(content), overwrite: false, Ct);

        Assert.False(await store.TryMoveAsync(A, "processed/a.wav", Ct));

        Assert.Equal(content, await ReadAllAsync(store, A));
        Assert.Equal(content, await ReadAllAsync(store, "processed/a.wav"));
    }

    [Fact]
    public async Task A_moved_blob_can_be_moved_on_again()
    {
        var store = await NewStoreAsync();
        var content = Bytes(5_000, seed: 55);
        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);

        Assert.True(await store.TryMoveAsync(A, "processed/a.wav", Ct));
        Assert.True(await store.TryMoveAsync("processed/a.wav", "failed/a.wav", Ct));
        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);
        Assert.False(await store.TryMoveAsync(A, "failed/a.wav", Ct));

        Assert.Equal(content, await ReadAllAsync(store, "failed/a.wav"));
        Assert.Empty(await ListAsync(store, "processed/"));
    }

    [Fact]
    public async Task ListAsync_pages_through_every_blob()
    {
        var store = await NewStoreAsync(o => o.ListPageSize = 2);
        var expected = Enumerable.Range(0, 7).Select(i => $"incoming/f{i}.wav").ToArray();
        foreach (var key in expected.Concat(["incoming/.hidden-1.wav", "incoming/.hidden-2.wav", "incoming/sub/x.wav", "incoming/sub/y.wav"]))
        {
            await store.WriteAsync(key, new MemoryStream(Bytes(10, seed: key.Length)), overwrite: false, Ct);
        }

        var items = await ListAsync(store, "incoming");

        Assert.Equal(expected, items.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal(10, i.Size));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("..")]
    [InlineData("incoming/../../")]
    [InlineData("/etc/")]
    [InlineData("")]
    public async Task ListAsync_refuses_a_prefix_that_is_not_a_container(string prefix)
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => ListAsync(store, prefix));
    }

    [Theory]
    [InlineData("my recording (take 1).wav")]
    [InlineData("Grüße aus Köln.wav")]
    [InlineData("音声ファイル 😀.wav")]
    [InlineData("quote's & ampersand #1 %20.wav")]
    [InlineData("plus+and?query=1.wav")]
    public async Task Names_with_spaces_and_unicode_work(string name)
    {
        var store = await NewStoreAsync();
        var key = BlobContainers.Key(BlobContainers.Incoming, name);
        var content = Bytes(500, seed: 56);

        await store.WriteAsync(key, new MemoryStream(content), overwrite: false, Ct);

        var item = Assert.Single(await ListAsync(store, "incoming/"));
        Assert.Equal(key, item.Key);
        Assert.Equal(name, item.Name);
        Assert.Equal(content, await ReadAllAsync(store, key));
        var moved = BlobContainers.Key(BlobContainers.Processed, name);
        Assert.True(await store.TryMoveAsync(key, moved, Ct));
        Assert.Equal(content, await ReadAllAsync(store, moved));
        Assert.True(await store.TryMoveAsync(moved, key, Ct)); // and back: the marker of the first move is replaced
    }

    [Fact]
    public async Task The_read_stream_knows_its_length_and_seeks()
    {
        var store = await NewStoreAsync();
        var content = Bytes(1_000_000, seed: 57);
        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);

        await using var stream = await store.OpenReadAsync(A, Ct);
        Assert.True(stream.CanSeek);
        Assert.Equal(content.Length, stream.Length);
        var buffer = new byte[100];

        await stream.ReadExactlyAsync(buffer, Ct);
        Assert.Equal(content[..100], buffer);
        stream.Seek(1_000, SeekOrigin.Current); // a short skip forward
        Assert.Equal(content[1_100], (byte)stream.ReadByte());
        stream.Position = 900_000; // far ahead: a new request
        stream.ReadExactly(buffer);
        Assert.Equal(content[900_000..900_100], buffer);
        stream.Seek(-50, SeekOrigin.End);
        Assert.Equal(50, await stream.ReadAtLeastAsync(buffer, 50, throwOnEndOfStream: false, Ct));
        Assert.Equal(content[^50..], buffer[..50]);
        Assert.Equal(0, await stream.ReadAsync(buffer, Ct));
        stream.Position = 0;
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest, Ct);
        Assert.Equal(content, rest.ToArray());
    }

    [Fact]
    public async Task A_reader_keeps_the_version_it_opened_and_fails_rather_than_mix_versions()
    {
        var store = await NewStoreAsync();
        var first = Bytes(100_000, seed: 58);
        await store.WriteAsync(A, new MemoryStream(first), overwrite: false, Ct);
        await using var stream = await store.OpenReadAsync(A, Ct);
        var buffer = new byte[10];
        stream.ReadExactly(buffer);

        await store.WriteAsync(A, new MemoryStream(Bytes(100_000, seed: 59)), overwrite: true, Ct);
        stream.Position = 50_000; // forward on the open response: still the first version
        await stream.ReadExactlyAsync(buffer, Ct);
        Assert.Equal(first[50_000..50_010], buffer);
        stream.Position = 0; // a new request, for a version that is gone

        var e = await Assert.ThrowsAsync<IOException>(async () => await stream.ReadExactlyAsync(buffer, Ct));
        Assert.Contains("overwritten or deleted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_fails_InitializeAsync_with_one_line_about_the_credentials()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var wrongKey = Convert.ToBase64String(Bytes(64, seed: 60));
        var options = Options(azurite, AzuriteServer.NewContainerName());
        options.ConnectionString = azurite.ConnectionString.Replace(AzuriteServer.AccountKey, wrongKey, StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<StorageConfigurationException>(() => new AzureBlobStore(options).InitializeAsync(Ct));

        AssertOneLine(e.Message);
        Assert.Contains("credentials were refused", e.Message, StringComparison.Ordinal);
        Assert.Contains("AccountKey", e.Message, StringComparison.Ordinal);
        Assert.Contains(azurite.BlobEndpoint, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SAS_without_write_permission_fails_InitializeAsync_with_one_line_about_permissions()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var container = AzuriteServer.NewContainerName();
        await new AzureBlobStore(Options(azurite, container)).InitializeAsync(Ct); // it exists; the SAS may only read and list
        var sas = new AccountSasBuilder(AccountSasPermissions.Read | AccountSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1),
            AccountSasServices.Blobs, AccountSasResourceTypes.Service | AccountSasResourceTypes.Container | AccountSasResourceTypes.Object)
            .ToSasQueryParameters(new StorageSharedKeyCredential(Account, AzuriteServer.AccountKey)).ToString();
        var options = Options(azurite, container);
        options.ConnectionString = $"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={sas}";

        var e = await Assert.ThrowsAsync<StorageConfigurationException>(() => new AzureBlobStore(options).InitializeAsync(Ct));

        AssertOneLine(e.Message);
        Assert.Contains("lack a permission", e.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationPermissionMismatch", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_InitializeAsync_fast_with_one_line()
    {
        var closedPort = SiloProcess.FreePort(); // nothing listens there
        var options = new AzureBlobStoreOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:{closedPort}/{Account};",
            MaxRetries = 0,
            NetworkTimeout = TimeSpan.FromSeconds(5),
        };
        var store = new AzureBlobStore(options);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.InitializeAsync(Ct));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        AssertOneLine(e.Message);
        Assert.Contains($"127.0.0.1:{closedPort}", e.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
        var ping = await Assert.ThrowsAsync<IOException>(() => store.PingAsync(Ct));
        AssertOneLine(ping.Message);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_described_as_such()
    {
        var options = new AzureBlobStoreOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://no-such-host.invalid:10000/{Account};",
            MaxRetries = 0,
            NetworkTimeout = TimeSpan.FromSeconds(5),
        };

        var e = await Assert.ThrowsAsync<StorageConfigurationException>(() => new AzureBlobStore(options).InitializeAsync(Ct));

        AssertOneLine(e.Message);
        Assert.Contains("no-such-host.invalid", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot connect", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a connection string", "malformed")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=x;AccountKey=not-base64!;BlobEndpoint=http://127.0.0.1:1/x;", "malformed")]
    [InlineData("", "no connection string")]
    public void A_malformed_connection_string_is_refused_in_one_line(string connectionString, string expected)
    {
        var e = Assert.Throws<StorageConfigurationException>(() => new AzureBlobStore(new AzureBlobStoreOptions { ConnectionString = connectionString }));

        AssertOneLine(e.Message);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upper", null)]
    [InlineData("ab", null)]
    [InlineData("a--b", null)]
    [InlineData("emotiongrid", "1999-01-01")]
    public void Bad_container_names_and_service_versions_are_refused_in_one_line(string container, string? version)
    {
        var options = new AzureBlobStoreOptions { ConnectionString = "UseDevelopmentStorage=true", Container = container, ServiceVersion = version };

        var e = Assert.Throws<StorageConfigurationException>(() => new AzureBlobStore(options));

        AssertOneLine(e.Message);
    }

    [Fact]
    public void A_service_version_maps_to_the_SDK_enum()
    {
        Assert.Equal(global::Azure.Storage.Blobs.BlobClientOptions.ServiceVersion.V2026_06_06, AzureBlobStore.ParseServiceVersion("2026-06-06"));
    }

    [Fact]
    public async Task The_same_store_works_again_after_Azurite_restarts_and_the_data_is_still_there()
    {
        await using var azurite = await AzuriteServer.RequireAsync();
        var options = Options(azurite, AzuriteServer.NewContainerName());
        options.MaxRetries = 1;
        options.NetworkTimeout = TimeSpan.FromSeconds(5);
        var store = new AzureBlobStore(options);
        await store.InitializeAsync(Ct);
        var content = Bytes(50_000, seed: 61);
        await store.WriteAsync(A, new MemoryStream(content), overwrite: false, Ct);

        await azurite.StopAsync();
        var down = await Assert.ThrowsAsync<IOException>(() => store.PingAsync(Ct));
        AssertOneLine(down.Message);
        await azurite.StartAgainAsync();

        await store.PingAsync(Ct);
        Assert.Equal(content, await ReadAllAsync(store, A));
        Assert.True(await store.TryMoveAsync(A, "processed/a.wav", Ct));
        await store.WriteAsync(B, new MemoryStream(content), overwrite: false, Ct);
        Assert.Equal("incoming/b.wav", Assert.Single(await ListAsync(store, "incoming/")).Key);
    }

    private const string Account = AzuriteServer.AccountName;

    private static AzureBlobStoreOptions Options(AzuriteServer azurite, string container) => new()
    {
        ConnectionString = azurite.ConnectionString,
        Container = container,
        ServiceVersion = AzuriteServer.ServiceVersion,
        MaxRetries = 2,
        NetworkTimeout = TimeSpan.FromSeconds(20),
    };

    private static async Task<AzureBlobStore> NewStoreAsync(Action<AzureBlobStoreOptions>? configure = null)
    {
        var azurite = await AzuriteServer.SharedAsync();
        var options = Options(azurite, AzuriteServer.NewContainerName());
        configure?.Invoke(options);
        var store = new AzureBlobStore(options);
        await store.InitializeAsync(Ct);
        return store;
    }

    /// <summary>The first half of a move, as a crash right after the copy leaves it.</summary>
    private static async Task CopyOnlyAsync(AzureBlobStore store, string sourceKey, string destinationKey)
    {
        var source = store.Blob(sourceKey);
        var version = (await source.GetPropertiesAsync(cancellationToken: Ct)).Value.ETag;
        Assert.True(await store.CopyForMoveAsync(source, sourceKey, version, store.Blob(destinationKey), Ct));
    }

    private static void AssertOneLine(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
    }
}
