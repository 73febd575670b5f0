using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Models;
using Microsoft.Data.Sqlite;
using EmotionGrid.Storage.Sqlite;

namespace EmotionGrid.Storage.Tests;

/// <summary>
/// Writers in one process queue on one gate per SQLite file instead of colliding: a collision costs a
/// 150 ms retry in Microsoft.Data.Sqlite, which stalled the pipeline between files.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(300);
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-gate-").FullName;

    private string DatabasePath => Path.Combine(_folder, "catalog.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_second_writer_waits_until_the_first_write_connection_is_disposed()
    {
        var factory = new SqliteConnectionFactory(DatabasePath);
        var first = await factory.OpenForWriteAsync(Ct);
        var second = factory.OpenForWriteAsync(Ct);
        await Task.Delay(Patience, Ct);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var connection = await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task Readers_do_not_wait_for_the_writer()
    {
        var factory = new SqliteConnectionFactory(DatabasePath);
        await using var writer = await factory.OpenForWriteAsync(Ct);
        await using var reader = await factory.OpenAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(System.Data.ConnectionState.Open, reader.State);
    }

    [Fact]
    public async Task Factories_on_the_same_file_share_one_gate_and_other_files_have_their_own()
    {
        var catalogSide = new SqliteConnectionFactory(DatabasePath);
        var registrySide = new SqliteConnectionFactory(Path.Combine(_folder, ".", "catalog.db"));
        var otherFile = new SqliteConnectionFactory(Path.Combine(_folder, "other.db"));
        var holder = await catalogSide.OpenForWriteAsync(Ct);
        await using (await otherFile.OpenForWriteAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct))
        {
        }

        var sameFile = registrySide.OpenForWriteAsync(Ct);
        await Task.Delay(Patience, Ct);
        Assert.False(sameFile.IsCompleted);
        await holder.DisposeAsync();
        (await sameFile.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
    }

    [Fact]
    public async Task A_writer_cancelled_while_waiting_takes_nothing_and_the_gate_stays_usable()
    {
        var factory = new SqliteConnectionFactory(DatabasePath);
        var first = await factory.OpenForWriteAsync(Ct);
        using var cancel = new CancellationTokenSource();
        var waiting = factory.OpenForWriteAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        first.Dispose();
        first.Dispose(); // a second dispose must not release the gate twice
        await using var next = await factory.OpenForWriteAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var after = factory.OpenForWriteAsync(Ct);
        await Task.Delay(Patience, Ct);
        Assert.False(after.IsCompleted);
        await next.DisposeAsync();
        (await after.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
    }

    [Fact]
    public async Task Many_concurrent_writes_through_the_catalog_and_registry_all_land()
    {
        var catalog = new SqliteFileCatalog(DatabasePath);
        await catalog.InitializeAsync(Ct);
        var registry = new SqliteModelRegistry(DatabasePath);
        await registry.InitializeAsync(Ct);
        var ids = Enumerable.Range(0, 40).Select(i => $"{i:x64}").ToArray();
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            await catalog.RegisterAsync(new NewFile(id, $"{id[..8]}.wav", $"incoming/{id[..8]}.wav", 1000), Ct);
            Assert.True(await catalog.TryStartProcessingAsync(id, TestLease.Owner, Ct));
            await catalog.SetPendingBlobAsync(id, $"processed/{id[..8]}.wav", Ct);
        }, Ct)).Append(Task.Run(async () =>
        {
            for (var run = 0; run < 10; run++)
            {
                var (started, _) = await registry.TryStartRunAsync($"run-{run}", Ct);
                Assert.True(started);
                await registry.UpdateRunAsync($"run-{run}", "failed", "test", 1, error: "test", cancellationToken: Ct);
            }
        }, Ct)));

        var processing = await catalog.CountByStatusAsync(Ct);
        Assert.Equal(ids.Length, processing["processing"]);
        Assert.Equal(10, (await registry.ListRecentRunsAsync(20, Ct)).Count);
    }
}
