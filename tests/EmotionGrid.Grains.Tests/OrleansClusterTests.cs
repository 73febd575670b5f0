using System.Diagnostics;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Models;

namespace EmotionGrid.Grains.Tests;

/// <summary>The grains on a real two-silo Orleans cluster (TestingHost): single activation, one run, broadcast, failover.</summary>
public sealed class OrleansClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Duplicate_process_calls_from_the_client_and_both_silos_embed_the_file_once()
    {
        await using var world = await GrainCluster.StartAsync();
        world.Probe.Close();
        var id = await world.RegisterAsync("twice.wav", SyntheticWav.Sine(330, seconds: 1.5));

        var grain = world.Client.GetGrain<IAudioFileGrain>(id);
        var calls = Enumerable.Range(0, 10).Select(_ => grain.ProcessAsync())
            .Concat(world.Cluster.Silos.SelectMany(s => Enumerable.Range(0, 5).Select(_ => world.GrainsOf(s).GetGrain<IAudioFileGrain>(id).ProcessAsync())));
        await Task.WhenAll(calls); // every call returns while the work is held in the embedder
        await world.Probe.FirstEntry.WaitAsync(Patience);
        Assert.True(await grain.IsBusyAsync());
        await grain.ProcessAsync(); // joins the run
        world.Probe.Open();

        var row = await world.WaitForStatusAsync(id, FileStatus.Embedded, Patience);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(1, world.Probe.TotalCalls);
        Assert.Equal("processed/twice.wav", row.AudioBlob);

        await grain.ProcessAsync(); // a finished file is left alone
        await WaitUntilAsync(async () => !await grain.IsBusyAsync());
        Assert.Equal(1, (await world.Catalog.GetAsync(id))!.Attempts);
        Assert.Equal(1, world.Probe.TotalCalls);
    }

    [Fact]
    public async Task Two_concurrent_train_requests_start_one_run_and_every_silo_swaps_to_the_published_and_reactivated_versions()
    {
        await using var world = await GrainCluster.StartAsync();
        var ids = new List<string>();
        foreach (var (emotion, code, hz) in new[] { ("calm", "02", 180.0), ("happy", "03", 420.0), ("sad", "04", 150.0), ("angry", "05", 700.0) })
        {
            for (var actor = 1; actor <= 4; actor++)
            {
                ids.Add(await world.SubmitAsync($"03-01-{code}-01-01-01-{actor:00}.wav", SyntheticWav.Sine(hz * (1 + (0.03 * actor)), seconds: 1.2)));
            }
        }

        foreach (var id in ids)
        {
            await world.WaitForStatusAsync(id, FileStatus.Embedded, Patience);
        }

        var silos = world.Cluster.Silos.ToList();
        var starts = await Task.WhenAll(silos.Select(s => world.GrainsOf(s).GetGrain<ITrainingGrain>(ITrainingGrain.Key).StartAsync()));
        Assert.Single(starts, s => s.Started);
        Assert.Single(starts.Select(s => s.RunId).Distinct());

        var first = await WaitForRunAsync(world, starts[0].RunId);
        var version = first.ModelVersion!.Value;
        await WaitUntilAsync(async () => (await ActiveVersionsAsync(world)).All(v => v == version), TimeSpan.FromSeconds(5));
        await WaitUntilAsync(async () => ids.All(id => world.Catalog.GetAsync(id).Result!.ModelVersion == version), Patience);

        var second = await world.Client.GetGrain<ITrainingGrain>(ITrainingGrain.Key).StartAsync();
        Assert.True(second.Started);
        var newer = (await WaitForRunAsync(world, second.RunId)).ModelVersion!.Value;
        Assert.Equal(version + 1, newer);
        await WaitUntilAsync(async () => (await ActiveVersionsAsync(world)).All(v => v == newer), TimeSpan.FromSeconds(5));

        // Roll back from one silo: both follow within 5 s.
        Assert.True(await world.GrainsOf(silos[1]).GetGrain<ITrainingGrain>(ITrainingGrain.Key).ActivateAsync(version));
        var watch = Stopwatch.StartNew();
        await WaitUntilAsync(async () => (await ActiveVersionsAsync(world)).All(v => v == version), TimeSpan.FromSeconds(5));
        output.WriteLine($"re-activation reached both silos in {watch.ElapsedMilliseconds} ms");
        Assert.False(await world.Client.GetGrain<ITrainingGrain>(ITrainingGrain.Key).ActivateAsync(99));
    }

    [Fact]
    public async Task A_silo_killed_while_a_file_is_in_its_embedder_fails_over_and_the_file_is_embedded_once()
    {
        await using var world = await GrainCluster.StartAsync();
        world.Probe.Close();
        var bytes = SyntheticWav.Sine(250, seconds: 2);
        var id = await world.SubmitAsync("failover.wav", bytes);
        var victim = await world.Probe.FirstEntry.WaitAsync(Patience);
        var handle = world.Cluster.Silos.Single(s => s.Name == victim);
        var survivor = world.Cluster.Silos.Single(s => s.Name != victim).Name;
        Assert.Equal(FileStatus.Processing, (await world.Catalog.GetAsync(id))!.Status);

        world.Probe.Abandon(victim);
        world.Probe.Open();
        var watch = Stopwatch.StartNew();
        await world.Cluster.KillSiloAsync(handle);
        var killed = watch.Elapsed;

        // What the sweeper's reminder does every period, here every 500 ms.
        var sweeper = world.Client.GetGrain<IIntakeSweeperGrain>(IIntakeSweeperGrain.Key);
        var row = await world.Catalog.GetAsync(id);
        while (row!.Status != FileStatus.Embedded)
        {
            Assert.True(watch.Elapsed < Patience, $"still {row.Status} after {watch.Elapsed}");
            try
            {
                await sweeper.SweepAsync();
            }
            catch (Exception e)
            {
                output.WriteLine($"{watch.ElapsedMilliseconds} ms: sweep failed ({e.GetType().Name}); retrying");
            }

            await Task.Delay(500);
            row = await world.Catalog.GetAsync(id);
        }

        output.WriteLine($"kill took {killed.TotalMilliseconds:F0} ms; file embedded on {survivor} {watch.ElapsedMilliseconds} ms after the kill began");
        Assert.Equal(2, row.Attempts); // the dead silo's, then the survivor's
        Assert.Equal(1, world.Probe.Calls(survivor));
        Assert.Equal(1, world.Probe.Calls(victim)); // still held, never finished
        Assert.Equal("processed/failover.wav", row.AudioBlob);
        Assert.Null(row.Error);
        Assert.Equal(["processed/failover.wav"], await KeysAsync(world, BlobContainers.Processed));
        Assert.Empty(await KeysAsync(world, BlobContainers.Incoming));
        Assert.Empty(await KeysAsync(world, BlobContainers.Failed));
        Assert.Equal(bytes, await ReadAsync(world, row.AudioBlob));
    }

    [Fact]
    public async Task The_sweepers_reminder_redrives_a_row_that_was_registered_but_never_handed_to_its_grain()
    {
        await using var world = await GrainCluster.StartAsync(silos: 1, sweepPeriod: TimeSpan.FromSeconds(1));
        var id = await world.RegisterAsync("orphan.wav", SyntheticWav.Sine(500, seconds: 1));
        var row = await world.WaitForStatusAsync(id, FileStatus.Embedded, Patience);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(1, world.Probe.TotalCalls);
    }

    [Fact]
    public async Task A_cluster_name_is_kept_in_the_catalog_and_a_new_clustering_grain_activation_shows_it()
    {
        await using var world = await GrainCluster.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await world.SubmitAsync($"tone-{i}.wav", SyntheticWav.Sine(150 + (90 * i), seconds: 1)));
        }

        foreach (var id in ids)
        {
            await world.WaitForStatusAsync(id, FileStatus.Embedded, Patience);
        }

        var embedder = (await world.Catalog.GetAsync(ids[0]))!.Embedder!;
        var clustering = world.Client.GetGrain<IClusteringGrain>(embedder);
        var view = await clustering.ViewAsync();
        Assert.All(view.Clusters, c => Assert.Null(c.Emotion)); // no labels, no names
        var target = view.Clusters.First(c => c.Size > 0);
        var named = await clustering.NameAsync(target.Id, "surprised");
        Assert.Equal(target.Size, named.Labelled);

        // People then label every member otherwise: only the kept name can still say "surprised".
        foreach (var point in view.Points.Where(p => p.Cluster == target.Id))
        {
            Assert.True(await world.Catalog.SetLabelAsync(point.FileId, "calm", Contracts.Files.LabelSource.Manual));
        }

        await world.Cluster.DeactivateAsync(clustering); // the next call activates a fresh grain, maybe on the other silo
        var again = await world.Client.GetGrain<IClusteringGrain>(embedder).ViewAsync();
        Assert.Equal("surprised", again.Clusters.Single(c => c.Id == target.Id).Emotion);
        Assert.Equal(target.Size, again.Clusters.Single(c => c.Id == target.Id).LabelCounts["calm"]);
        Assert.Equal(view.Points.Select(p => (p.FileId, p.Cluster)), again.Points.Select(p => (p.FileId, p.Cluster)));
        await Assert.ThrowsAsync<Clustering.UnknownClusterException>(() => clustering.NameAsync(99, "sad"));
    }

    [Fact]
    public async Task Domain_exceptions_keep_their_type_and_message_across_silos()
    {
        await using var world = await GrainCluster.StartAsync();

        // The cluster's client is another process's view: every call here is serialized, as between silos.
        var refused = await Assert.ThrowsAsync<Training.TrainingRefusedException>(() => world.Client.GetGrain<ITrainingGrain>(ITrainingGrain.Key).StartAsync());
        Assert.StartsWith("too few labelled files to train: 0 of the 0 embedded", refused.Message);
        var empty = await Assert.ThrowsAsync<Clustering.NotEnoughFilesException>(() => world.Client.GetGrain<IClusteringGrain>("logmel-v1").ViewAsync());
        Assert.Equal("clustering needs at least 2 embedded files; there are 0", empty.Message);
        foreach (var silo in world.Cluster.Silos)
        {
            var noModel = await Assert.ThrowsAsync<Inference.NoModelException>(() =>
                world.GrainsOf(silo).GetGrain<IInferenceGrain>(0).PredictClipAsync(new Orleans.Concurrency.Immutable<byte[]>(SyntheticWav.Sine(300))));
            Assert.Contains("no model has been trained yet", noModel.Message);
        }
    }

    [Fact]
    public async Task The_training_grain_fails_a_run_that_a_dead_silo_left_running()
    {
        await using var world = await GrainCluster.StartAsync(silos: 1);
        var (started, run) = await world.Registry.TryStartRunAsync("left-behind");
        Assert.True(started);
        await world.Registry.UpdateRunAsync(run.RunId, TrainingRunStatus.Running, "grid search", 0.4);

        await world.Client.GetGrain<ITrainingGrain>(ITrainingGrain.Key).RecoverAsync();

        var after = (await world.Registry.GetRunAsync(run.RunId))!;
        Assert.Equal(TrainingRunStatus.Failed, after.Status);
        Assert.Equal("grid search", after.Stage);
        Assert.Contains("interrupted", after.Error);
        Assert.Empty(await world.Registry.ListUnfinishedRunsAsync());
    }

    private static async Task<int?[]> ActiveVersionsAsync(GrainCluster world) =>
        await Task.WhenAll(world.Cluster.Silos.Select(s => world.GrainsOf(s).GetGrain<IInferenceGrain>(0).ActiveVersionAsync()));

    private static async Task<TrainingRunRecord> WaitForRunAsync(GrainCluster world, string runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var run = (await world.Registry.GetRunAsync(runId))!;
            if (run.Status == TrainingRunStatus.Succeeded)
            {
                return run;
            }

            Assert.True(run.Status != TrainingRunStatus.Failed, $"run {runId} failed: {run.Error}");
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} is still {run.Status} at {run.Stage}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }

    private static async Task<List<string>> KeysAsync(GrainCluster world, string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in world.Store.ListAsync(prefix))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    private static async Task<byte[]> ReadAsync(GrainCluster world, string key)
    {
        await using var stream = await world.Store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
