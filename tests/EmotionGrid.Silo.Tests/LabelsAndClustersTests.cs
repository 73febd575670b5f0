using System.Net;
using System.Net.Http.Json;
using System.Text;
using EmotionGrid.Contracts.Clusters;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Labels;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// Files whose names carry no labels (as in the first original project): cluster them, label by CSV, by
/// hand and by naming a cluster, see the precedence of sources, train on the result; and the predict
/// endpoint's errors.
/// </summary>
public sealed class LabelsAndClustersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Cluster_label_by_csv_hand_and_cluster_name_then_train()
    {
        using var root = new TempDataRoot();
        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__Training__MinLabelledFiles"] = "12",
            ["EmotionGrid__Gateway__MaxUploadBytes"] = "2000000",
        };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync();

        // 72 real clips of two speakers under anonymous names: no labels from names.
        var sources = TestData.RavdessFiles("16k/Actor_01").Concat(TestData.RavdessFiles("16k/Actor_02")).ToArray();
        var truth = new Dictionary<string, (string Emotion, string Speaker)>();
        for (var i = 0; i < sources.Length; i++)
        {
            var name = $"clip-{i:000}.wav";
            var parts = Path.GetFileNameWithoutExtension(sources[i]).Split('-');
            truth[name] = (TestData.RavdessEmotion(sources[i]), $"actor-{parts[6]}");
            File.Copy(sources[i], Path.Combine(root.Folder("incoming"), name));
        }

        await silo.WaitForSettledAsync(sources.Length, TimeSpan.FromMinutes(3));
        Assert.All((await silo.FilesAsync()).Items, f => Assert.Null(f.Label));

        var refused = await silo.Client.PostAsync("/api/train", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("too few labelled files", await refused.Content.ReadAsStringAsync());

        // Clusters and their 2-D view.
        var view = (await silo.Client.GetFromJsonAsync<ClusterView>("/api/clusters"))!;
        Assert.Equal(4, view.K);
        Assert.Equal(sources.Length, view.Clusters.Sum(c => c.Size));
        Assert.Equal(sources.Length, view.Points.Count);
        Assert.All(view.Points, p => Assert.True(double.IsFinite(p.X) && double.IsFinite(p.Y)));
        Assert.All(view.Clusters, c => Assert.All(c.SampleFileIds, id => Assert.Equal(c.Id, view.Points.Single(p => p.FileId == id).Cluster)));
        Assert.Null(view.Nmi);

        // A labels CSV by name (with speakers), one row by id, and two names that match nothing.
        var byName = truth.Keys.Order().Take(40).ToList();
        var csv = new StringBuilder("name,emotion,speaker\n");
        foreach (var name in byName)
        {
            csv.Append($"{name},{truth[name].Emotion},{truth[name].Speaker}\n");
        }

        var files = (await silo.FilesAsync()).Items.ToDictionary(f => f.Name);
        csv.Append($"nobody.wav,happy,x\n\"also, nobody.wav\",sad,x\n");
        var imported = await silo.Client.PostAsync("/api/labels", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = (await imported.Content.ReadFromJsonAsync<LabelImportResult>())!;
        Assert.Equal(40, result.Applied);
        Assert.Equal(["nobody.wav", "also, nobody.wav"], result.Unknown);
        var first = (await silo.FilesAsync($"q={byName[0]}")).Items.Single();
        Assert.Equal((truth[byName[0]].Emotion, LabelSource.Csv, truth[byName[0]].Speaker), (first.Label, first.LabelSource, first.Speaker));

        var byId = $"id,emotion\n{files["clip-050.wav"].Id},{truth["clip-050.wav"].Emotion}\n";
        Assert.Equal(1, (await (await silo.Client.PostAsync("/api/labels", new StringContent(byId, Encoding.UTF8, "text/csv"))).Content.ReadFromJsonAsync<LabelImportResult>())!.Applied);

        // A person's label beats a CSV: the same CSV cannot change it back.
        Assert.Equal(HttpStatusCode.OK, (await silo.Client.PutAsJsonAsync($"/api/files/{first.Id}/label", new LabelRequest("Angry"))).StatusCode);
        var again = await silo.Client.PostAsync("/api/labels", new StringContent($"name,emotion\n{byName[0]},calm\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<LabelImportResult>())!.Applied);
        var manual = (await silo.FilesAsync($"q={byName[0]}")).Items.Single();
        Assert.Equal(("angry", LabelSource.Manual), (manual.Label, manual.LabelSource));

        // Naming a cluster labels only its unlabelled members, weakly.
        view = (await silo.Client.GetFromJsonAsync<ClusterView>("/api/clusters"))!;
        var target = view.Clusters.OrderByDescending(c => view.Points.Count(p => p.Cluster == c.Id && p.Emotion is null)).First();
        var unlabelledMembers = view.Points.Where(p => p.Cluster == target.Id && p.Emotion is null).Select(p => p.FileId).ToHashSet();
        var named = (await (await silo.Client.PutAsJsonAsync($"/api/clusters/{target.Id}/label", new LabelRequest("sad"))).Content.ReadFromJsonAsync<ClusterLabelResult>())!;
        Assert.Equal(unlabelledMembers.Count, named.Labelled);
        var afterNaming = (await silo.FilesAsync()).Items;
        Assert.All(afterNaming.Where(f => unlabelledMembers.Contains(f.Id)), f => Assert.Equal(("sad", LabelSource.Cluster), (f.Label, f.LabelSource)));
        Assert.Equal(("angry", LabelSource.Manual), afterNaming.Where(f => f.Id == first.Id).Select(f => (f.Label, f.LabelSource)).Single());
        view = (await silo.Client.GetFromJsonAsync<ClusterView>("/api/clusters"))!;
        Assert.Equal("sad", view.Clusters.Single(c => c.Id == target.Id).Emotion);

        // The name is kept in the catalog: a restarted silo shows it on the same clustering.
        var namesBefore = view.Clusters.ToDictionary(c => c.Id, c => c.Emotion);
        await silo.StopAsync();
        await silo.StartAsync();
        view = (await silo.Client.GetFromJsonAsync<ClusterView>("/api/clusters"))!;
        Assert.Equal(namesBefore, view.Clusters.ToDictionary(c => c.Id, c => c.Emotion));
        Assert.NotNull(view.Nmi);
        output.WriteLine($"cluster–label agreement on 2 speakers: NMI {view.Nmi:F3}, ARI {view.Ari:F3}");

        // Bad label requests.
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Client.PutAsJsonAsync("/api/clusters/99/label", new LabelRequest("sad"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await silo.Client.PutAsJsonAsync($"/api/files/{first.Id}/label", new LabelRequest("<script>"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Client.PutAsJsonAsync($"/api/files/{new string('0', 64)}/label", new LabelRequest("sad"))).StatusCode);
        var badCsv = await silo.Client.PostAsync("/api/labels", new StringContent("file,feeling\na.wav,sad\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, badCsv.StatusCode);
        Assert.Contains("'emotion'", await badCsv.Content.ReadAsStringAsync());

        // Training uses all of it; weak labels are counted as such.
        var run = await silo.TrainAsync(TimeSpan.FromMinutes(5));
        Assert.True(run.Status == "succeeded", run.Error);
        var model = (await silo.Client.GetFromJsonAsync<ModelDetail>($"/api/models/{run.ModelVersion}"))!;
        Assert.Equal(unlabelledMembers.Count, model.Metrics.WeakLabels);
        Assert.True(File.Exists(Path.Combine(root.Path, "models", $"v{run.ModelVersion}", "model.json")));
        Assert.True(File.Exists(Path.Combine(root.Path, "models", $"v{run.ModelVersion}", "snapshot.npy")));
        Assert.Contains("clip-000.wav", await File.ReadAllTextAsync(Path.Combine(root.Path, "models", $"v{run.ModelVersion}", "snapshot.csv")));

        // Predict: undecodable → 422 with the decoder's reason; too large → 413; store=true keeps the clip.
        var text = await silo.Client.PostAsync("/api/predict", new ByteArrayContent("not audio at all"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, text.StatusCode);
        Assert.Contains("not a WAV file", await text.Content.ReadAsStringAsync());
        var tooLarge = await silo.Client.PostAsync("/api/predict", new ByteArrayContent(SineWav.Wav16(300, seconds: 70)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        var totalBefore = (await silo.StatusAsync()).Total;
        var stored = await silo.Client.PostAsync("/api/predict?store=true", new ByteArrayContent(File.ReadAllBytes(TestData.RavdessFiles("16k/Actor_03")[5])));
        var prediction = (await stored.Content.ReadFromJsonAsync<PredictionResult>())!;
        Assert.NotNull(prediction.FileId);
        Assert.Equal(totalBefore + 1, (await silo.StatusAsync()).Total);
        var notStored = await silo.Client.PostAsync("/api/predict", new ByteArrayContent(File.ReadAllBytes(TestData.RavdessFiles("16k/Actor_03")[6])));
        Assert.Equal(HttpStatusCode.OK, notStored.StatusCode);
        Assert.Equal(totalBefore + 1, (await silo.StatusAsync()).Total);

        var longClip = await silo.Client.PostAsync("/api/predict", new ByteArrayContent(SineWav.Wav16(200, seconds: 25)));
        var timeline = (await longClip.Content.ReadFromJsonAsync<PredictionResult>())!;
        Assert.Equal(3, timeline.Segments!.Count);
    }
}
