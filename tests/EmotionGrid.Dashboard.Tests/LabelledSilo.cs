using System.Net;
using System.Net.Http.Json;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Testing;

namespace EmotionGrid.Dashboard.Tests;

/// <summary>
/// One silo shared by the tests that need real labelled speech: 40 RAVDESS clips of actors 1–2 under their
/// own names (calm, happy, sad, angry; the names give labels and speakers) and 8 more under plain names
/// (unlabelled, so naming a cluster has something to label). Started on first use, so a machine without
/// the data or the browser skips instead of failing in a fixture.
/// </summary>
public sealed class LabelledSilo : IAsyncLifetime
{
    public const int NamedFiles = 40;
    public const int UnnamedFiles = 8;
    public const int TotalFiles = NamedFiles + UnnamedFiles;

    private static readonly string[] LabelSetCodes = ["02", "03", "04", "05"]; // calm, happy, sad, angry
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TempDataRoot? _root;
    private SiloProcess? _silo;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>The running silo with all 48 files embedded (started on the first call).</summary>
    public async Task<SiloProcess> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_silo is not null)
            {
                return _silo;
            }

            var named = new List<string>();
            var unnamed = new List<string>();
            foreach (var actor in new[] { "Actor_01", "Actor_02" })
            {
                foreach (var code in LabelSetCodes)
                {
                    var clips = TestData.RavdessFiles($"16k/{actor}").Where(f => Path.GetFileName(f).Split('-')[2] == code).ToArray();
                    named.AddRange(clips.Take(5));
                    unnamed.Add(clips[5]);
                }
            }

            _root = new TempDataRoot();
            Directory.CreateDirectory(_root.Folder("incoming"));
            foreach (var file in named)
            {
                File.Copy(file, Path.Combine(_root.Folder("incoming"), Path.GetFileName(file)));
            }

            for (var i = 0; i < unnamed.Count; i++)
            {
                File.Copy(unnamed[i], Path.Combine(_root.Folder("incoming"), $"interview clip {i + 1:00}.wav"));
            }

            var silo = new SiloProcess(_root.Path, new Dictionary<string, string>
            {
                ["EmotionGrid__Training__MinLabelledFiles"] = "10",
            });
            await silo.StartAsync();
            await silo.WaitForSettledAsync(TotalFiles, TimeSpan.FromMinutes(2));
            _silo = silo;
            return silo;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The active model version, training one through the API first when there is none.</summary>
    public async Task<int> EnsureModelAsync()
    {
        var silo = await GetAsync();
        var models = (await silo.Client.GetFromJsonAsync<List<ModelSummary>>("/api/models"))!;
        if (models.FirstOrDefault(m => m.Active) is { } active)
        {
            return active.Version;
        }

        return await TrainThroughApiAsync(silo);
    }

    public static async Task<int> TrainThroughApiAsync(SiloProcess silo)
    {
        var response = await silo.Client.PostAsync("/api/train", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/train: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var runId = (await response.Content.ReadFromJsonAsync<TrainingRunAccepted>())!.RunId;
        var run = await silo.WaitForAsync(async () =>
        {
            var view = await silo.Client.GetFromJsonAsync<TrainingRunView>($"/api/training/{runId}");
            return view!.Status is "succeeded" or "failed" ? view : null;
        }, TimeSpan.FromMinutes(2), "the training run to finish");
        Assert.True(run.Status == "succeeded", $"training failed: {run.Error}");
        return run.ModelVersion!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _root?.Dispose();
        _gate.Dispose();
    }
}
