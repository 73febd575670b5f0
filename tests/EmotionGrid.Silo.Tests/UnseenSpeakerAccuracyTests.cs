using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// The accuracy target through the REST API, as a user meets it: RAVDESS actors 1–12 dropped in (labels and
/// speakers from their names), actors 13–16 uploaded under anonymous names with only their speaker id (no labels),
/// a model trained with the default settings (speaker normalisation), then every calm/happy/sad/angry clip of the
/// four unseen actors predicted with <c>POST /api/predict?speaker=…</c>. Targets: accuracy ≥ 0.70, macro-F1 ≥ 0.68,
/// no emotion's recall below 0.50. Then the fallback: a speaker with too few files is normalised globally until
/// their files reach <c>Learning:MinSpeakerFiles</c>.
/// </summary>
public sealed class UnseenSpeakerAccuracyTests(ITestOutputHelper output)
{
    private static readonly string[] LabelSet = TestData.TrainedEmotions;

    [Fact]
    public async Task Unseen_speakers_given_their_id_are_predicted_at_the_target_accuracy()
    {
        TestData.RequireRavdess();
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path);
        await silo.StartAsync();

        var training = Enumerable.Range(1, 12).SelectMany(a => TestData.RavdessFiles($"16k/Actor_{a:00}")).ToArray();
        foreach (var file in training)
        {
            File.Copy(file, Path.Combine(root.Folder("incoming"), Path.GetFileName(file)));
        }

        // Unseen actors: all of their speech (36 clips each: neutral, calm, happy, sad, angry), under names that carry no label, with the speaker id given at upload.
        var unseen = new Dictionary<string, string[]>();
        foreach (var actor in Enumerable.Range(13, 4))
        {
            var speaker = $"ravdess-{actor}";
            unseen[speaker] = TestData.RavdessFiles($"16k/Actor_{actor:00}");
            var uploaded = await UploadAsync(silo, unseen[speaker], speaker, name: i => $"{speaker}-clip-{i:00}.wav");
            Assert.All(uploaded, u => Assert.Equal(speaker, u.Speaker));
        }

        var total = training.Length + unseen.Values.Sum(f => f.Length);
        await silo.WaitForSettledAsync(total, TimeSpan.FromMinutes(6));
        foreach (var speaker in unseen.Keys)
        {
            var theirs = (await silo.FilesAsync($"speaker={speaker}&pageSize=500")).Items;
            Assert.Equal(unseen[speaker].Length, theirs.Count);
            Assert.All(theirs, f => Assert.Equal((null, "embedded"), (f.Label, f.Status)));
        }

        var run = await silo.TrainAsync(TimeSpan.FromMinutes(10));
        Assert.True(run.Status == "succeeded", $"training failed: {run.Error}");
        var detail = (await silo.Client.GetFromJsonAsync<ModelDetail>($"/api/models/{run.ModelVersion}"))!;
        var metrics = detail.Metrics;
        output.WriteLine($"v{run.ModelVersion}: {detail.Summary.Learner} ({string.Join(", ", detail.LearnerSettings ?? new Dictionary<string, string>())}), " +
                         $"{detail.Summary.Normalisation} normalisation, CV accuracy {metrics.Accuracy:F3}, macro-F1 {metrics.MacroF1:F3}, ECE {metrics.Ece:F3} " +
                         $"(uncalibrated {metrics.UncalibratedEce:F3}, T {detail.Temperature:F2}), cluster NMI emotion {metrics.ClusterNmi:F3} vs speaker {metrics.ClusterSpeakerNmi:F3}");
        Assert.Equal("speaker", detail.Summary.Normalisation);
        Assert.Equal(12 * 32, metrics.LabelledFiles);
        Assert.Equal(total, metrics.SpeakerNormalisedFiles); // every file's speaker has 36 files (neutral too), labelled or not
        Assert.True(metrics.ClusterNmi > metrics.ClusterSpeakerNmi, $"clusters follow speakers (NMI {metrics.ClusterSpeakerNmi:F3}) more than emotions ({metrics.ClusterNmi:F3})");

        var confusion = new int[4, 4];
        foreach (var (speaker, files) in unseen)
        {
            foreach (var file in files.Where(f => TestData.TrainedEmotionOf(f) is not null))
            {
                var prediction = await PredictAsync(silo, file, speaker);
                Assert.Equal((speaker, "speaker", run.ModelVersion!.Value), (prediction.Speaker, prediction.Normalisation, prediction.ModelVersion));
                var truth = TestData.RavdessEmotion(file);
                confusion[Array.IndexOf(LabelSet, truth), Array.IndexOf(LabelSet, prediction.Emotion)]++;
            }
        }

        var (accuracy, macroF1, recall) = Score(confusion);
        output.WriteLine($"actors 13–16 (unseen, 128 clips): accuracy {accuracy:F3}, macro-F1 {macroF1:F3}, recall {string.Join(", ", LabelSet.Select((e, i) => $"{e} {recall[i]:F2}"))}");
        Assert.True(accuracy >= 0.70, $"accuracy on unseen speakers {accuracy:F3} < 0.70");
        Assert.True(macroF1 >= 0.68, $"macro-F1 on unseen speakers {macroF1:F3} < 0.68");
        Assert.True(recall.Min() >= 0.50, $"an emotion's recall is below 0.50: {string.Join(", ", recall.Select(r => r.ToString("F2")))}");

        // Without a speaker (or with one the catalog does not know) the model falls back to global statistics.
        var anonymousClip = unseen["ravdess-13"][0];
        Assert.Equal(("global", (string?)null), Pick(await PredictAsync(silo, anonymousClip, speaker: null)));
        Assert.Equal(("global", "nobody-known"), Pick(await PredictAsync(silo, anonymousClip, "nobody-known")));

        // A new speaker: 7 files are too few (MinSpeakerFiles 8); the 8th gives them their own statistics.
        var late = TestData.RavdessFiles("48k/Actor_01");
        await UploadAsync(silo, late[..7], "late-speaker", name: i => $"late-{i:00}.wav");
        await silo.WaitForSettledAsync(total + 7, TimeSpan.FromMinutes(2));
        Assert.Equal("global", (await PredictAsync(silo, late[10], "late-speaker")).Normalisation);
        await UploadAsync(silo, late[7..8], "late-speaker", name: i => $"late-{7 + i:00}.wav");
        await silo.WaitForSettledAsync(total + 8, TimeSpan.FromMinutes(2));
        await silo.WaitUntilAsync(async () => (await PredictAsync(silo, late[10], "late-speaker")).Normalisation == "speaker",
            TimeSpan.FromSeconds(30), "the late speaker's 8th file to give them their own statistics");
    }

    private static (string? Normalisation, string? Speaker) Pick(PredictionResult p) => (p.Normalisation, p.Speaker);

    private static (double Accuracy, double MacroF1, double[] Recall) Score(int[,] confusion)
    {
        var k = confusion.GetLength(0);
        var all = Enumerable.Range(0, k).Sum(r => Enumerable.Range(0, k).Sum(c => confusion[r, c]));
        var accuracy = (double)Enumerable.Range(0, k).Sum(c => confusion[c, c]) / all;
        var recall = Enumerable.Range(0, k).Select(c => (double)confusion[c, c] / Enumerable.Range(0, k).Sum(p => confusion[c, p])).ToArray();
        var f1 = Enumerable.Range(0, k).Select(c =>
        {
            var predicted = Enumerable.Range(0, k).Sum(r => confusion[r, c]);
            var actual = Enumerable.Range(0, k).Sum(p => confusion[c, p]);
            return confusion[c, c] == 0 ? 0 : 2.0 * confusion[c, c] / (predicted + actual);
        });
        return (accuracy, f1.Average(), recall);
    }

    private static async Task<List<UploadedFile>> UploadAsync(SiloProcess silo, string[] files, string speaker, Func<int, string> name)
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < files.Length; i++)
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(files[i]));
            content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(content, "file", name(i));
        }

        var response = await silo.Client.PostAsync($"/api/files?speaker={Uri.EscapeDataString(speaker)}", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<UploadedFile>>())!;
    }

    private static async Task<PredictionResult> PredictAsync(SiloProcess silo, string file, string? speaker)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(content, "file", Path.GetFileName(file));
        var response = await silo.Client.PostAsync(speaker is null ? "/api/predict" : $"/api/predict?speaker={Uri.EscapeDataString(speaker)}", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PredictionResult>())!;
    }
}
