using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// The heart of the product on real speech: RAVDESS actors 1–12 dropped in (labels from their names), a model
/// trained with speaker-grouped cross-validation, then actors 13–16 — speakers the model never saw —
/// predicted through <c>POST /api/predict</c>. Then publication: a second version, predictions and files
/// switch to it, and activating the first switches everything back.
/// </summary>
public sealed class TrainingEndToEndTests(ITestOutputHelper output)
{
    private static readonly string[] LabelSet = TestData.TrainedEmotions;

    [Fact]
    public async Task Train_on_twelve_speakers_predict_four_unseen_ones_then_publish_and_roll_back()
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path);
        await silo.StartAsync();

        // No model yet: predict says to train first.
        var unseen = Enumerable.Range(13, 4).SelectMany(a => TestData.RavdessFiles($"16k/Actor_{a:00}"))
            .Where(f => TestData.TrainedEmotionOf(f) is not null).ToArray();
        var early = await PostRawAsync(silo, unseen[0]);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("train", await early.Content.ReadAsStringAsync());

        var training = Enumerable.Range(1, 12).SelectMany(a => TestData.RavdessFiles($"16k/Actor_{a:00}")).ToArray();
        foreach (var file in training)
        {
            File.Copy(file, Path.Combine(root.Folder("incoming"), Path.GetFileName(file)));
        }

        await silo.WaitForSettledAsync(training.Length, TimeSpan.FromMinutes(5));
        // Names give labels and speakers; neutral is kept as a label but is not in the label set.
        var listed = await silo.FilesAsync("pageSize=500");
        Assert.Equal(training.Length, listed.Items.Count);
        Assert.All(listed.Items, f =>
        {
            var parts = Path.GetFileNameWithoutExtension(f.Name).Split('-');
            Assert.Equal(TestData.RavdessEmotion(f.Name), f.Label);
            Assert.Equal((LabelSource.FileName, $"ravdess-{parts[6]}"), (f.LabelSource, f.Speaker));
        });

        var v1 = await TrainAsync(silo);
        var detail = (await silo.Client.GetFromJsonAsync<ModelDetail>($"/api/models/{v1}"))!;
        var metrics = detail.Metrics;
        output.WriteLine($"v{v1} cross-validation ({metrics.Folds} speaker-grouped folds, {metrics.Speakers} speakers, {metrics.LabelledFiles} files): " +
                         $"accuracy {metrics.Accuracy:P1}, macro-F1 {metrics.MacroF1:F3}, baseline {metrics.MajorityBaseline:P1}, NMI {metrics.ClusterNmi:F3}, ARI {metrics.ClusterAri:F3}");
        Assert.Equal(LabelSet, detail.Emotions);
        Assert.Equal(12, metrics.Speakers);
        Assert.Equal(12 * 32, metrics.LabelledFiles);
        Assert.True(metrics.Accuracy > metrics.MajorityBaseline + 0.1, $"CV accuracy {metrics.Accuracy:P1} is not clearly above the baseline {metrics.MajorityBaseline:P1}");
        Assert.Equal(metrics.LabelledFiles, metrics.Confusion.Sum(row => row.Sum()));

        // Speakers the model never saw, through the predict endpoint (half multipart, half raw body).
        var confusion = new int[4, 4];
        var correct = 0;
        for (var i = 0; i < unseen.Length; i++)
        {
            var response = i % 2 == 0 ? await PostMultipartAsync(silo, unseen[i]) : await PostRawAsync(silo, unseen[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var prediction = (await response.Content.ReadFromJsonAsync<PredictionResult>())!;
            Assert.Equal(v1, prediction.ModelVersion);
            Assert.Equal(1.0, prediction.Probabilities.Values.Sum(), 3);
            var truth = TestData.RavdessEmotion(unseen[i]);
            confusion[Array.IndexOf(LabelSet, truth), Array.IndexOf(LabelSet, prediction.Emotion)]++;
            correct += prediction.Emotion == truth ? 1 : 0;
        }

        var accuracy = (double)correct / unseen.Length;
        var macroF1 = Enumerable.Range(0, 4).Average(c =>
        {
            var tp = confusion[c, c];
            var predicted = Enumerable.Range(0, 4).Sum(r => confusion[r, c]);
            var actual = Enumerable.Range(0, 4).Sum(p => confusion[c, p]);
            return tp == 0 ? 0 : 2.0 * tp / (predicted + actual);
        });
        output.WriteLine($"held-out actors 13–16 ({unseen.Length} clips): accuracy {accuracy:P1}, macro-F1 {macroF1:F3}, majority baseline 25.0%");
        output.WriteLine("confusion (rows truth, columns predicted; calm happy sad angry):");
        for (var r = 0; r < 4; r++)
        {
            output.WriteLine($"  {LabelSet[r],-6} {string.Join(' ', Enumerable.Range(0, 4).Select(c => confusion[r, c].ToString().PadLeft(4)))}");
        }

        Assert.True(accuracy >= 0.40, $"held-out accuracy {accuracy:P1} is not clearly above the 25% majority baseline");

        // Every embedded file gets the model's prediction in the background; counts and filters by emotion follow.
        await WaitForModelOnAllFilesAsync(silo, v1, training.Length);
        var status = await silo.StatusAsync();
        Assert.Equal(training.Length, status.ByEmotion!.Values.Sum());
        Assert.All(status.ByEmotion.Keys, e => Assert.Contains(e, LabelSet));
        var angry = await silo.FilesAsync("emotion=angry&pageSize=500");
        Assert.Equal(status.ByEmotion.GetValueOrDefault("angry"), angry.Total);
        Assert.All(angry.Items, f => Assert.Equal("angry", f.Emotion));
        var runs = (await silo.Client.GetFromJsonAsync<List<TrainingRunView>>("/api/training"))!;
        Assert.Equal(("succeeded", v1), (runs[0].Status, runs[0].ModelVersion!.Value));

        // Publication: a second version takes over predictions and files; activating v1 rolls back.
        var v2 = await TrainAsync(silo);
        Assert.Equal(v1 + 1, v2);
        var models = (await silo.Client.GetFromJsonAsync<List<ModelSummary>>("/api/models"))!;
        Assert.Equal([v2, v1], models.Select(m => m.Version));
        Assert.Equal([true, false], models.Select(m => m.Active));
        Assert.Equal(v2, await PredictedVersionAsync(silo, unseen[0]));
        await WaitForModelOnAllFilesAsync(silo, v2, training.Length);

        var activated = await silo.Client.PostAsync($"/api/models/{v1}/activate", null);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        await silo.WaitUntilAsync(async () => await PredictedVersionAsync(silo, unseen[0]) == v1, TimeSpan.FromSeconds(30), "predictions to use v1 again");
        await WaitForModelOnAllFilesAsync(silo, v1, training.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Client.PostAsync("/api/models/99/activate", null)).StatusCode);

        // A restarted silo loads the active version.
        await silo.StopAsync();
        await silo.StartAsync();
        Assert.Equal(v1, await PredictedVersionAsync(silo, unseen[1]));
    }

    private static async Task<int> TrainAsync(SiloProcess silo)
    {
        var run = await silo.TrainAsync(TimeSpan.FromMinutes(8));
        Assert.True(run.Status == "succeeded", $"training failed: {run.Error}");
        return run.ModelVersion!.Value;
    }

    private static Task WaitForModelOnAllFilesAsync(SiloProcess silo, int version, int count) =>
        silo.WaitUntilAsync(async () =>
        {
            var page = await silo.FilesAsync("pageSize=500");
            return page.Total == count && page.Items.All(f => f.ModelVersion == version && f.Emotion is not null && f.Confidence is > 0);
        }, TimeSpan.FromMinutes(3), $"every file to carry model v{version}'s prediction");

    private static async Task<int> PredictedVersionAsync(SiloProcess silo, string file)
    {
        var response = await PostMultipartAsync(silo, file);
        return (await response.Content.ReadFromJsonAsync<PredictionResult>())!.ModelVersion;
    }

    private static async Task<HttpResponseMessage> PostMultipartAsync(SiloProcess silo, string file)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(content, "file", Path.GetFileName(file));
        return await silo.Client.PostAsync("/api/predict", form);
    }

    /// <summary>As the first original project's test script posts: the raw WAV with a Content-Disposition header.</summary>
    private static async Task<HttpResponseMessage> PostRawAsync(SiloProcess silo, string file)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = new ByteArrayContent(await File.ReadAllBytesAsync(file)) };
        request.Content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "\"12.wav\"" };
        return await silo.Client.SendAsync(request);
    }
}
