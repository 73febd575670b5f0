using EmotionGrid.Storage.Models;
using EmotionGrid.Storage.Postgres;

namespace EmotionGrid.Storage.Tests;

/// <summary>The registry contract on a fresh PostgreSQL database per test, plus the races between silos (separate data sources).</summary>
public sealed class PostgresModelRegistryTests : ModelRegistryContract, IAsyncDisposable
{
    private readonly PostgresTestDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    protected override async Task<IModelRegistry> CreateRegistryAsync() => await CreatePostgresRegistryAsync();

    [Fact]
    public async Task Two_silos_starting_runs_at_once_start_exactly_one_and_both_see_it()
    {
        var one = await CreatePostgresRegistryAsync();
        var two = await CreatePostgresRegistryAsync();

        for (var round = 0; round < 10; round++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var a = Task.Run(async () => { await start.Task; return await one.TryStartRunAsync($"a-{round}", Ct); }, Ct);
            var b = Task.Run(async () => { await start.Task; return await two.TryStartRunAsync($"b-{round}", Ct); }, Ct);
            start.SetResult();
            var results = await Task.WhenAll(a, b);

            var winner = Assert.Single(results, r => r.Started).Run;
            Assert.All(results, r => Assert.Equal(winner.RunId, r.Run.RunId));
            Assert.Equal([winner.RunId], (await one.ListUnfinishedRunsAsync(Ct)).Select(r => r.RunId));
            await two.UpdateRunAsync(winner.RunId, round % 2 == 0 ? TrainingRunStatus.Succeeded : TrainingRunStatus.Failed, "done", 1, cancellationToken: Ct);
        }

        Assert.Equal(10, (await one.ListRecentRunsAsync(100, Ct)).Count);
    }

    [Fact]
    public async Task A_run_that_finishes_while_another_silo_asks_frees_the_slot_for_it()
    {
        var one = await CreatePostgresRegistryAsync();
        var two = await CreatePostgresRegistryAsync();

        for (var round = 0; round < 20; round++)
        {
            Assert.True((await one.TryStartRunAsync($"first-{round}", Ct)).Started);
            var finish = one.UpdateRunAsync($"first-{round}", TrainingRunStatus.Succeeded, "done", 1, cancellationToken: Ct);
            var (started, run) = await two.TryStartRunAsync($"second-{round}", Ct);
            await finish;

            // Either the slot was still held (that run is returned) or it was free (ours started): never an error.
            Assert.Equal(started ? $"second-{round}" : $"first-{round}", run.RunId);
            if (started)
            {
                await two.UpdateRunAsync(run.RunId, TrainingRunStatus.Failed, "done", 1, cancellationToken: Ct);
            }
        }
    }

    [Fact]
    public async Task Concurrent_activations_from_several_silos_leave_exactly_one_active()
    {
        var registries = new List<IModelRegistry>();
        for (var i = 0; i < 4; i++)
        {
            registries.Add(await CreatePostgresRegistryAsync());
        }

        for (var v = 1; v <= 8; v++)
        {
            await registries[0].AddVersionAsync(Version(v), activate: false, Ct);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var activations = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return i % 5 == 4
                ? await AddAndActivateAsync(registries[i % 4], 100 + i)
                : await registries[i % 4].ActivateAsync(1 + (i % 8), Ct);
        }, Ct)).ToArray();
        start.SetResult();

        Assert.All(await Task.WhenAll(activations), Assert.True);
        var active = Assert.Single(await registries[1].ListVersionsAsync(Ct), v => v.Active);
        Assert.Equal(active.Version, (await registries[2].GetActiveAsync(Ct))!.Version);
    }

    [Fact]
    public async Task Concurrent_NextVersion_calls_from_several_silos_hand_out_distinct_numbers()
    {
        var one = await CreatePostgresRegistryAsync();
        var two = await CreatePostgresRegistryAsync();
        await one.AddVersionAsync(Version(1), activate: true, Ct);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? one : two).NextVersionAsync(Ct), Ct)));

        Assert.Equal(Enumerable.Range(2, 20), numbers.Order());
        await two.AddVersionAsync(Version(30), activate: true, Ct);
        Assert.Equal(31, await one.NextVersionAsync(Ct));
    }

    [Fact]
    public async Task Adding_an_existing_version_number_fails_clearly_and_changes_nothing()
    {
        var registry = await CreatePostgresRegistryAsync();
        await registry.AddVersionAsync(Version(1), activate: true, Ct);
        await registry.AddVersionAsync(Version(2), activate: false, Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => registry.AddVersionAsync(Version(2) with { ModelBlob = "other" }, activate: true, Ct));

        Assert.Contains("model version 2 is already registered", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await registry.GetActiveAsync(Ct))!.Version);
        Assert.Equal("models/v2/model.json", (await registry.GetVersionAsync(2, Ct))!.ModelBlob);
    }

    private async Task<bool> AddAndActivateAsync(IModelRegistry registry, int version)
    {
        await registry.AddVersionAsync(Version(version), activate: true, Ct);
        return true;
    }

    private async Task<PostgresModelRegistry> CreatePostgresRegistryAsync()
    {
        var registry = new PostgresModelRegistry(await _database.NewDataSourceAsync());
        await registry.InitializeAsync(Ct);
        return registry;
    }

    private static ModelVersionRecord Version(int v) =>
        new(v, "acoustic-v1", 173, $"models/v{v}/model.json", "{}", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + v), Active: false);
}
