using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Testing;
using Npgsql;

namespace EmotionGrid.Distributed.Tests;

/// <summary>Models and training runs are the cluster's, not a silo's: published anywhere, used everywhere; a run dies with its silo but never leaves the cluster stuck.</summary>
public sealed class TrainingAcrossSilosTests
{
    private static readonly Dictionary<string, string> RavdessEmotion = new() { ["02"] = "calm", ["03"] = "happy", ["04"] = "sad", ["05"] = "angry" };

    private static readonly Dictionary<string, string> Training = new() { ["EmotionGrid__Training__MinLabelledFiles"] = "10" };

    [Fact]
    public async Task A_model_published_or_activated_through_any_silo_is_used_by_every_silo_within_5_s()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var (a, b) = (await cluster.StartSilosAsync(2, Training)) switch { var s => (s[0], s[1]) };
        await LabelledBatchAsync(cluster);

        var first = await TrainAsync(a);
        await AssertEverySiloPredictsWithAsync(first, a, b);

        var late = cluster.NewSilo(Training);
        await late.StartAsync();
        Assert.Equal(first, (await PredictAsync(late)).ModelVersion);

        var second = await TrainAsync(b);
        Assert.NotEqual(first, second);
        await AssertEverySiloPredictsWithAsync(second, a, b, late);

        using var rollback = await b.Client.PostAsync($"/api/models/{first}/activate", null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await AssertEverySiloPredictsWithAsync(first, a, b, late);
    }

    [Fact]
    public async Task A_silo_killed_during_a_training_run_leaves_the_run_resolved_within_a_minute_and_a_new_run_can_start()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var silos = await cluster.StartSilosAsync(2, Training);
        await LabelledBatchAsync(cluster);

        using var start = await silos[0].Client.PostAsync("/api/train", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.Content.ReadFromJsonAsync<TrainingRunAccepted>())!.RunId;
        SiloProcess? host = null;
        await silos[0].WaitUntilAsync(() => Task.FromResult((host = silos.FirstOrDefault(s => s.Output.Contains($"Started training run {runId}", StringComparison.Ordinal))) is not null),
            TimeSpan.FromSeconds(30), "the run's silo to log its start");
        var status = await RunAsync(silos[0], runId);
        await host!.KillAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"run {runId} was {status.Status} ({status.Stage}, {status.Progress:P0}) when its silo was killed");
        var survivor = silos.Single(s => s != host);

        var resolved = await survivor.WaitForAsync(async () => await RunAsync(survivor, runId) is { Status: "failed" or "succeeded" } run ? run : null,
            TimeSpan.FromSeconds(60), "the interrupted run to be resolved");
        TestContext.Current.TestOutputHelper?.WriteLine($"resolved: {resolved.Status}: {resolved.Error}");
        if (status.Status is "running" or "queued")
        {
            // Killed mid-run: the cluster fails it with the reason (a run's state lives in a dead process).
            Assert.Equal("failed", resolved.Status);
            Assert.Contains("interrupted", resolved.Error, StringComparison.Ordinal);
        }

        Assert.True(await ActiveRunsAsync(cluster) == 0, $"the run was {status.Status} at the kill");
        var next = await TrainAsync(survivor);
        Assert.True(next >= 1);
        Assert.True(await ActiveRunsAsync(cluster) == 0);
    }

    private static async Task LabelledBatchAsync(DistributedCluster cluster)
    {
        var files = Enumerable.Range(1, 2)
            .SelectMany(actor => TestData.RavdessFiles($"16k/Actor_{actor:00}")
                .Where(f => RavdessEmotion.ContainsKey(Path.GetFileName(f).Split('-')[2]))
                .GroupBy(f => Path.GetFileName(f).Split('-')[2])
                .SelectMany(g => g.Take(6)))
            .ToList();
        await cluster.UploadAsync(files);
        await cluster.WaitForEmbeddedAsync(files.Count, TimeSpan.FromMinutes(3));
    }

    /// <summary>Starts a run through <paramref name="silo"/> and waits for its model version.</summary>
    private static async Task<int> TrainAsync(SiloProcess silo)
    {
        using var start = await silo.Client.PostAsync("/api/train", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.Content.ReadFromJsonAsync<TrainingRunAccepted>())!.RunId;
        var run = await silo.WaitForAsync(async () => await RunAsync(silo, runId) is { Status: "succeeded" or "failed" } r ? r : null, TimeSpan.FromMinutes(3), $"training run {runId}");
        Assert.True(run.Status == "succeeded", $"run {runId}: {run.Error}");
        return run.ModelVersion!.Value;
    }

    private static async Task<TrainingRunView> RunAsync(SiloProcess silo, string runId) =>
        (await silo.Client.GetFromJsonAsync<TrainingRunView>($"/api/training/{runId}"))!;

    private static async Task AssertEverySiloPredictsWithAsync(int version, params SiloProcess[] silos)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        foreach (var silo in silos)
        {
            int seen;
            while ((seen = (await PredictAsync(silo)).ModelVersion) != version && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(seen == version, $"silo {silo.Port} still predicts with v{seen}, not v{version}, 5 s after the change");
        }
    }

    private static async Task<PredictionResult> PredictAsync(SiloProcess silo)
    {
        var clip = TestData.RavdessFiles("16k/Actor_03")[0];
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(clip));
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        content.Add(file, "file", Path.GetFileName(clip));
        using var response = await silo.Client.PostAsync("/api/predict", content);
        Assert.True(response.IsSuccessStatusCode, $"predict on {silo.Port}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PredictionResult>())!;
    }

    private static async Task<long> ActiveRunsAsync(DistributedCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.CatalogConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM training_runs WHERE status IN ('queued', 'running')", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
