using EmotionGrid.Storage.Models;
using EmotionGrid.Storage.Sqlite;

namespace EmotionGrid.Storage.Tests;

/// <summary>The behaviour every <see cref="IModelRegistry"/> adapter must have (SQLite now, PostgreSQL later).</summary>
public abstract class ModelRegistryContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<IModelRegistry> CreateRegistryAsync();

    [Fact]
    public async Task Only_one_run_is_queued_or_running_at_a_time()
    {
        var registry = await CreateRegistryAsync();
        var (started, run) = await registry.TryStartRunAsync("r1", Ct);
        Assert.True(started);
        Assert.Equal(("r1", TrainingRunStatus.Queued), (run.RunId, run.Status));

        var (second, blocking) = await registry.TryStartRunAsync("r2", Ct);
        Assert.False(second);
        Assert.Equal("r1", blocking.RunId);
        Assert.Null(await registry.GetRunAsync("r2", Ct));

        await registry.UpdateRunAsync("r1", TrainingRunStatus.Running, "grid search", 0.5, cancellationToken: Ct);
        Assert.False((await registry.TryStartRunAsync("r3", Ct)).Started);
        await registry.UpdateRunAsync("r1", TrainingRunStatus.Succeeded, "published", 1, 7, cancellationToken: Ct);
        Assert.True((await registry.TryStartRunAsync("r4", Ct)).Started);

        var done = (await registry.GetRunAsync("r1", Ct))!;
        Assert.Equal((TrainingRunStatus.Succeeded, "published", 1.0, 7), (done.Status, done.Stage, done.Progress, done.ModelVersion!.Value));
        Assert.NotNull(await registry.LastSucceededRunAtAsync(Ct));
        Assert.Equal(["r4"], (await registry.ListUnfinishedRunsAsync(Ct)).Select(r => r.RunId));
    }

    [Fact]
    public async Task Concurrent_starts_have_exactly_one_winner()
    {
        var registry = await CreateRegistryAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => registry.TryStartRunAsync($"run-{i}", Ct))));
        Assert.Single(results, r => r.Started);
        Assert.All(results, r => Assert.Equal(results.Single(x => x.Started).Run.RunId, r.Run.RunId));
    }

    [Fact]
    public async Task A_failed_run_keeps_its_error_and_frees_the_slot()
    {
        var registry = await CreateRegistryAsync();
        await registry.TryStartRunAsync("r1", Ct);
        await registry.UpdateRunAsync("r1", TrainingRunStatus.Failed, "labels", 0, error: "too few labelled files", cancellationToken: Ct);

        Assert.Equal("too few labelled files", (await registry.GetRunAsync("r1", Ct))!.Error);
        Assert.Null(await registry.LastSucceededRunAtAsync(Ct));
        Assert.True((await registry.TryStartRunAsync("r2", Ct)).Started);
    }

    [Fact]
    public async Task Versions_are_numbered_and_exactly_one_is_active()
    {
        var registry = await CreateRegistryAsync();
        Assert.Equal(1, await registry.NextVersionAsync(Ct));
        Assert.Null(await registry.GetActiveAsync(Ct));

        await registry.AddVersionAsync(Version(1), activate: true, Ct);
        await registry.AddVersionAsync(Version(2), activate: true, Ct);
        Assert.Equal(3, await registry.NextVersionAsync(Ct));
        Assert.Equal(2, (await registry.GetActiveAsync(Ct))!.Version);
        Assert.Equal([2, 1], (await registry.ListVersionsAsync(Ct)).Select(v => v.Version));
        Assert.Equal([true, false], (await registry.ListVersionsAsync(Ct)).Select(v => v.Active));

        Assert.True(await registry.ActivateAsync(1, Ct));
        Assert.Equal(1, (await registry.GetActiveAsync(Ct))!.Version);
        Assert.Single(await registry.ListVersionsAsync(Ct), v => v.Active);

        Assert.False(await registry.ActivateAsync(9, Ct));
        Assert.Equal(1, (await registry.GetActiveAsync(Ct))!.Version);

        var stored = (await registry.GetVersionAsync(2, Ct))!;
        Assert.Equal(Version(2) with { Active = false }, stored);
        Assert.Null(await registry.GetVersionAsync(5, Ct));
    }

    [Fact]
    public async Task A_version_added_without_activation_leaves_the_active_one()
    {
        var registry = await CreateRegistryAsync();
        await registry.AddVersionAsync(Version(1), activate: true, Ct);
        await registry.AddVersionAsync(Version(2), activate: false, Ct);

        Assert.Equal(1, (await registry.GetActiveAsync(Ct))!.Version);
    }

    private static ModelVersionRecord Version(int v) =>
        new(v, "acoustic-v1", 173, $"models/v{v}/model.json", $$"""{"accuracy":0.{{v}}}""", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + v), Active: true);
}

public sealed class SqliteModelRegistryTests : ModelRegistryContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-registry-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    protected override async Task<IModelRegistry> CreateRegistryAsync()
    {
        var registry = new SqliteModelRegistry(Path.Combine(_folder, "catalog.db"));
        await registry.InitializeAsync(Ct);
        return registry;
    }
}
