using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmotionGrid.Client.Tests.Support;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Testing;

namespace EmotionGrid.Client.Tests;

/// <summary>
/// <c>train</c>, <c>models</c>, <c>activate</c> and <c>predict</c> against one silo holding 48 real RAVDESS clips of
/// actors 1–2. The first <c>train --wait</c> runs once (<see cref="TrainingSiloFixture.FirstTraining"/>); the test that
/// trains again and rolls back leaves v1 active, so every test may expect v1 whatever the order.
/// </summary>
public sealed partial class CliTrainingTests(TrainingSiloFixture fixture) : IClassFixture<TrainingSiloFixture>, IDisposable
{
    private readonly TempDataRoot _work = new();

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Train_wait_prints_the_new_version_its_scores_and_confusion_matrix_and_models_lists_it_active()
    {
        TestData.RequireRavdess();

        var run = await fixture.FirstTraining;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Error);
        Assert.Matches(@"training run \S+ succeeded: v1 \(", run.Output);
        Assert.Matches(@"(?m)^100 %  succeeded$", run.Output); // plain progress lines when not on a terminal
        var detail = (await Silo.Client.GetFromJsonAsync<ModelDetail>("/api/models/1"))!;
        var metrics = detail.Metrics;
        Assert.Equal(TrainingSiloFixture.LabelSet, metrics.Emotions);
        Assert.Equal((48, 2), (metrics.LabelledFiles, metrics.Speakers));
        Assert.Contains("cross-validated on 48 labelled files of 2 speakers, 2 speaker-grouped folds", run.Output);
        Assert.Matches($@"(?m)^accuracy\s+{Regex.Escape(Percent(metrics.Accuracy))}$", run.Output);
        Assert.Matches($@"(?m)^macro-F1\s+{metrics.MacroF1.ToString("0.000", CultureInfo.InvariantCulture)}$", run.Output);
        Assert.Matches(@"(?m)^majority baseline\s+25\.0 %$", run.Output);
        Assert.Matches($@"(?m)^learner\s+{detail.Summary.Learner}$", run.Output);
        Assert.Matches(@"(?m)^normalisation\s+per speaker \(\d+ files by their speaker's statistics; a speaker needs 8 files\), global otherwise$", run.Output);
        Assert.Matches(@"(?m)^calibration error\s+ECE \d\.\d{3} \(uncalibrated \d\.\d{3}, temperature \d+\.\d\d\)$", run.Output);

        // The confusion matrix as printed is the server's, row by row (rows true, columns predicted).
        Assert.Contains("confusion matrix (rows: true emotion, columns: predicted):", run.Output);
        Assert.Matches(@"(?m)^\s+calm\s+happy\s+sad\s+angry$", run.Output);
        for (var r = 0; r < 4; r++)
        {
            var counts = string.Join(@"\s+", metrics.Confusion[r]);
            Assert.Matches($@"(?m)^{TrainingSiloFixture.LabelSet[r]}\s+{counts}$", run.Output);
        }

        Assert.Equal(48, metrics.Confusion.Sum(row => row.Sum()));

        var models = await Cli.RunAsync("models", "--server", fixture.Url);
        Assert.True(models.ExitCode == 0, models.ToString());
        var lines = models.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^version\s+created\s+embedder\s+learner\s+normalisation\s+accuracy\s+macro-F1\s+baseline\s+active$", lines[0]);
        var v1 = Assert.Single(lines, l => l.StartsWith("v1 ", StringComparison.Ordinal));
        Assert.Matches($@"^v1\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\s+{Regex.Escape(detail.Summary.Embedder)}\s+{detail.Summary.Learner}\s+speaker\s+{Regex.Escape(Percent(metrics.Accuracy))}\s+\d\.\d{{3}}\s+25\.0 %\s+\*$", v1);
        Assert.Single(lines, l => l.EndsWith('*'));

        var json = await Cli.RunAsync("models", "--json", "--server", fixture.Url);
        using var doc = JsonDocument.Parse(json.Output);
        var listed = doc.RootElement.EnumerateArray().Single(m => m.GetProperty("version").GetInt32() == 1);
        Assert.True(listed.GetProperty("active").GetBoolean());
        Assert.Equal(metrics.MacroF1, listed.GetProperty("macroF1").GetDouble(), 9);
    }

    [Fact]
    public async Task Predict_prints_the_emotion_probabilities_and_model_and_a_timeline_for_a_long_clip()
    {
        await RequireModelAsync();
        var clip = UnseenClips().First();

        var text = await Cli.RunAsync("predict", clip, "--server", fixture.Url);

        Assert.True(text.ExitCode == 0, text.ToString());
        var emotion = Regex.Match(text.Output, @"(?m)^emotion\s+(\S+)$").Groups[1].Value;
        Assert.Contains(emotion, TrainingSiloFixture.LabelSet);
        Assert.Matches(@"(?m)^model\s+v1$", text.Output);
        Assert.Matches(@"(?m)^embedder\s+\S+-v\d+$", text.Output);
        Assert.Matches(@"(?m)^confidence\s+\d+\.\d %$", text.Output);
        Assert.Matches(@"(?m)^emotion\s+probability$", text.Output);
        foreach (var label in TrainingSiloFixture.LabelSet)
        {
            Assert.Matches($@"(?m)^{label}\s+\d+\.\d %( +#+)?$", text.Output);
        }

        Assert.DoesNotContain("timeline", text.Output);

        var json = await Cli.RunAsync("predict", clip, "--json", "--server", fixture.Url);
        Assert.True(json.ExitCode == 0, json.ToString());
        var prediction = JsonSerializer.Deserialize<PredictionResult>(json.Output, JsonSerializerOptions.Web)!;
        Assert.Equal(1, prediction.ModelVersion);
        Assert.Equal(emotion, prediction.Emotion);
        Assert.Equal(TrainingSiloFixture.LabelSet.Order(), prediction.Probabilities.Keys.Order());
        Assert.Equal(1.0, prediction.Probabilities.Values.Sum(), 3);

        // About 28 s of speech: longer than a 10 s segment, so the server answers a timeline.
        var longClip = Path.Combine(_work.Path, "long clip.wav");
        File.WriteAllBytes(longClip, WavClips.Concatenate(UnseenClips().Take(8)));
        var timeline = await Cli.RunAsync("predict", longClip, "--server", fixture.Url);
        Assert.True(timeline.ExitCode == 0, timeline.ToString());
        Assert.Matches(@"(?m)^file\s+long clip\.wav$", timeline.Output);
        Assert.Matches(@"(?m)^timeline \(\d+ segments\):$", timeline.Output);
        // With PocketSphinx installed (CI installs it) the clip's words come first and each segment says its own.
        TestData.RequirePocketSphinx();
        Assert.Matches(@"(?m)^text\s+.*\bdoor\b", timeline.Output);
        Assert.Matches(@"(?m)^segment\s+from\s+to\s+emotion\s+confidence\s+text$", timeline.Output);
        Assert.Matches(@"(?m)^0\s+0:00\s+0:10\s+(calm|happy|sad|angry)\s+\d+\.\d %\s+\S.*$", timeline.Output);
        Assert.Matches(@"(?m)^1\s+0:09\s+0:19\s+(calm|happy|sad|angry)\s+\d+\.\d %\s+\S.*$", timeline.Output);
    }

    [Fact]
    public async Task Predict_of_a_text_file_or_a_missing_file_exits_1_with_the_reason()
    {
        await RequireModelAsync();
        var notAudio = Path.Combine(_work.Path, "notes.wav");
        File.WriteAllText(notAudio, "these are notes, not audio");

        var text = await Cli.RunAsync("predict", notAudio, "--server", fixture.Url);

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.StartsWith("emotiongrid: notes.wav: not a WAV file", text.Error);
        Assert.Equal(1, text.Error.Count(c => c == '\n'));
        Assert.Equal("", text.Output);

        var missing = await Cli.RunAsync("predict", Path.Combine(_work.Path, "nowhere.wav"), "--server", fixture.Url);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("no such file", missing.Error);
    }

    [Fact]
    public async Task Training_again_makes_v2_a_second_run_is_refused_and_activate_rolls_back_to_v1()
    {
        await RequireModelAsync();

        var started = await Cli.RunAsync("train", "--server", fixture.Url);
        Assert.True(started.ExitCode == 0, started.ToString());
        var runId = Regex.Match(started.Output, @"^started training run (\S+);").Groups[1].Value;
        Assert.True(runId.Length > 0, started.ToString());

        // A run takes a while; asked again at once, the server refuses and names the run going on.
        var busy = await Cli.RunAsync("train", "--server", fixture.Url);
        Assert.True(busy.ExitCode == 1, $"{busy}\nthe first run: {await RunStateAsync(runId)}\nsilo:\n{SiloTail()}");
        Assert.StartsWith("emotiongrid: cannot train: training run ", busy.Error);
        Assert.Contains(runId, busy.Error);
        Assert.Contains("already", busy.Error);

        var finished = await Silo.WaitForAsync(async () =>
        {
            var r = (await Silo.Client.GetFromJsonAsync<TrainingRunView>($"/api/training/{runId}"))!;
            return r.Status is "succeeded" or "failed" ? r : null;
        }, TimeSpan.FromMinutes(3), "the second training run to finish");
        Assert.True(finished.Status == "succeeded" && finished.ModelVersion == 2, $"{finished}\nsilo:\n{SiloTail()}");

        var afterTraining = ActiveMarks(await Cli.RunAsync("models", "--server", fixture.Url));
        Assert.Equal(["v2", "v1"], afterTraining.Select(m => m.Version));
        Assert.Equal("v2", afterTraining.Single(m => m.Active).Version);

        var activate = await Cli.RunAsync("activate", "1", "--server", fixture.Url);
        Assert.True(activate.ExitCode == 0, activate.ToString());
        Assert.StartsWith("activated v1 (", activate.Output);
        Assert.Equal("v1", ActiveMarks(await Cli.RunAsync("models", "--server", fixture.Url)).Single(m => m.Active).Version);

        var unknown = await Cli.RunAsync("activate", "99", "--server", fixture.Url);
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Equal("emotiongrid: no model version 99\n", unknown.Error.ReplaceLineEndings("\n"));

        // Every silo swaps to v1 in the background; predictions follow.
        var clip = UnseenClips().First();
        await Silo.WaitUntilAsync(async () =>
        {
            var run = await Cli.RunAsync("predict", clip, "--json", "--server", fixture.Url);
            return run.ExitCode == 0 && JsonDocument.Parse(run.Output).RootElement.GetProperty("modelVersion").GetInt32() == 1;
        }, TimeSpan.FromSeconds(30), "predictions to use v1 again");
    }

    public void Dispose() => _work.Dispose();

    private async Task<string> RunStateAsync(string runId) =>
        (await Silo.Client.GetFromJsonAsync<TrainingRunView>($"/api/training/{runId}"))!.ToString();

    private string SiloTail() => Silo.Output.Length <= 3000 ? Silo.Output : Silo.Output[^3000..];

    private async Task RequireModelAsync()
    {
        TestData.RequireRavdess();
        var first = await fixture.FirstTraining;
        Assert.True(first.ExitCode == 0, $"the first training failed: {first}\nsilo:\n{SiloTail()}");
    }

    /// <summary>Clips of actor 3, whom the model never heard, in the label set.</summary>
    private static IEnumerable<string> UnseenClips() =>
        TestData.RavdessFiles("16k/Actor_03").Where(f => TrainingSiloFixture.EmotionOf(f) is not null);

    private static List<(string Version, bool Active)> ActiveMarks(CliRun models)
    {
        Assert.True(models.ExitCode == 0, models.ToString());
        return [.. VersionRow().Matches(models.Output).Select(m => (m.Groups[1].Value, m.Groups[2].Success))];
    }

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    [GeneratedRegex(@"(?m)^(v\d+)\s.*?(\*)?$")]
    private static partial Regex VersionRow();
}
