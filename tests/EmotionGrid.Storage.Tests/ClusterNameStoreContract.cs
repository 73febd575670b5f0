using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Sqlite;

namespace EmotionGrid.Storage.Tests;

/// <summary>The behaviour every <see cref="IClusterNameStore"/> adapter must have (SQLite now, PostgreSQL later).</summary>
public abstract class ClusterNameStoreContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh, initialised store; <paramref name="reopen"/> opens another instance over the same data.</summary>
    protected abstract Task<IClusterNameStore> CreateStoreAsync(bool reopen = false);

    [Fact]
    public async Task A_clustering_without_names_has_none()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.GetAsync("acoustic-v1", "sig-a", Ct));
    }

    [Fact]
    public async Task Names_are_kept_per_embedder_and_per_clustering_and_a_rename_replaces_the_name()
    {
        var store = await CreateStoreAsync();
        await store.SetAsync("acoustic-v1", "sig-a", 0, "calm", Ct);
        await store.SetAsync("acoustic-v1", "sig-a", 2, "sad", Ct);
        await store.SetAsync("acoustic-v1", "sig-b", 0, "angry", Ct);
        await store.SetAsync("logmel-v1", "sig-a", 0, "happy", Ct);
        await store.SetAsync("acoustic-v1", "sig-a", 2, "angry", Ct);

        Assert.Equal(new Dictionary<int, string> { [0] = "calm", [2] = "angry" }, await store.GetAsync("acoustic-v1", "sig-a", Ct));
        Assert.Equal(new Dictionary<int, string> { [0] = "angry" }, await store.GetAsync("acoustic-v1", "sig-b", Ct));
        Assert.Equal(new Dictionary<int, string> { [0] = "happy" }, await store.GetAsync("logmel-v1", "sig-a", Ct));
    }

    [Fact]
    public async Task Names_survive_reopening_the_store()
    {
        var store = await CreateStoreAsync();
        await store.SetAsync("acoustic-v1", "sig-a", 1, "happy", Ct);
        var reopened = await CreateStoreAsync(reopen: true);
        Assert.Equal("happy", (await reopened.GetAsync("acoustic-v1", "sig-a", Ct))[1]);
    }
}

public sealed class SqliteClusterNameStoreTests : ClusterNameStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-clusters-").FullName;

    protected override async Task<IClusterNameStore> CreateStoreAsync(bool reopen = false)
    {
        var store = new SqliteClusterNameStore(Path.Combine(_folder, "catalog.db"));
        await store.InitializeAsync(Ct); // idempotent: reopening runs it again
        return store;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
