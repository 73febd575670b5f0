using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Postgres;

namespace EmotionGrid.Storage.Tests;

/// <summary>The cluster-name contract on a fresh PostgreSQL database per test; reopening is another silo's data source.</summary>
public sealed class PostgresClusterNameStoreTests : ClusterNameStoreContract, IAsyncDisposable
{
    private readonly PostgresTestDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    protected override async Task<IClusterNameStore> CreateStoreAsync(bool reopen = false)
    {
        var store = new PostgresClusterNameStore(await _database.NewDataSourceAsync());
        await store.InitializeAsync(Ct); // idempotent: reopening runs it again
        return store;
    }

    [Fact]
    public async Task Silos_naming_the_same_cluster_at_once_leave_one_of_their_names()
    {
        var one = await CreateStoreAsync();
        var two = await CreateStoreAsync(reopen: true);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(
            () => (i % 2 == 0 ? one : two).SetAsync("acoustic-v1", "sig-a", 3, $"emotion-{i}", Ct), Ct)));

        var names = await one.GetAsync("acoustic-v1", "sig-a", Ct);
        Assert.StartsWith("emotion-", Assert.Single(names).Value, StringComparison.Ordinal);
        Assert.Equal(names, await two.GetAsync("acoustic-v1", "sig-a", Ct));
    }
}
