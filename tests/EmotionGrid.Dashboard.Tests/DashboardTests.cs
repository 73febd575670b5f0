using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EmotionGrid.Contracts.Clusters;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmotionGrid.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium, headless) against the real silo binary: uploads,
/// live status, clusters, labelling, training, roll back, recording from a (fake) microphone, hostile file
/// names, the API key, and a phone-sized screen. Screenshots of each view go to <c>screenshots/</c> beside
/// the test assembly.
/// </summary>
public sealed partial class DashboardTests(BrowserFixture browsers, LabelledSilo labelled, ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Uploaded_files_appear_live_and_turn_embedded()
    {
        var files = TestData.RavdessFiles("16k/Actor_01").Take(3).Concat(TestData.RavdessFiles("16k/Actor_02").Take(3)).ToArray();
        TestData.RequirePocketSphinx();
        var browser = await browsers.BrowserAsync();
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path, new Dictionary<string, string> { ["EmotionGrid__Transcription__Enabled"] = "true" });
        await silo.StartAsync();
        await using var session = await DashboardPage.OpenAsync(browser, silo);
        var page = session.Page;
        await Expect(page.Locator("#files-empty")).ToBeVisibleAsync();

        await page.SetInputFilesAsync("#file-input", files);

        // One progress bar per file, each finished; then rows arrive and turn embedded without a reload.
        await Expect(page.Locator("#uploads li")).ToHaveCountAsync(files.Length);
        await Expect(page.Locator("#uploads li[data-state=done]")).ToHaveCountAsync(files.Length, new() { Timeout = 30_000 });
        await Expect(page.Locator("#files tr[data-status=embedded]")).ToHaveCountAsync(files.Length, new() { Timeout = 60_000 });
        foreach (var file in files)
        {
            await Expect(page.Locator("#files td.c-name", new() { HasText = Path.GetFileName(file) })).ToBeVisibleAsync();
        }

        await Expect(page.Locator("#status-counts .chip[data-status=embedded] b")).ToHaveTextAsync(files.Length.ToString());

        // Who speaks, read from the RAVDESS names (actor 01 → ravdess-01), in its own column.
        await Expect(page.Locator("#files-table th.c-speaker")).ToBeVisibleAsync();
        var firstRow = page.Locator("#files tr", new() { Has = page.Locator("td.c-name", new() { HasText = Path.GetFileName(files[0]) }) });
        await Expect(firstRow.Locator("td.c-speaker")).ToBeVisibleAsync();
        await Expect(firstRow.Locator("td.c-speaker")).ToHaveTextAsync("ravdess-01");
        await Expect(page.Locator("#files td.c-speaker", new() { HasText = "ravdess-02" })).ToHaveCountAsync(3);

        // What was said (PocketSphinx, installed by CI): RAVDESS says "… by the door"; the table shows it and finds files by it.
        await Expect(page.Locator("#files td.c-said span[title*=door]").First).ToBeAttachedAsync(new() { Timeout = 90_000 }); // after the embedding
        await page.Locator("#text-filter").FillAsync("door");

        // The filtered page has arrived when every row shown says "door" (transcripts keep arriving meanwhile).
        await Expect(page.Locator("#files tr:not(:has(td.c-said span[title*=door]))")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(page.Locator("#files tr").First).ToBeVisibleAsync();
        await page.Locator("#text-filter").FillAsync("");

        // Drag and drop: a file dropped on the view goes the same way (a WAV made in the page, dispatched as a drop).
        await page.Locator("#dropzone").EvaluateAsync(
            "async zone => { const m = await import('/wav-encoder.js'); const s = new Float32Array(16000).map((_, i) => 0.3 * Math.sin(i / 5));" +
            " const dt = new DataTransfer(); dt.items.add(new File([m.encodeWav(s, 16000)], 'dropped tone.wav', { type: 'audio/wav' }));" +
            " zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: dt }));" +
            " zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt })); }");
        await Expect(page.Locator("#files tr[data-status=embedded]")).ToHaveCountAsync(files.Length + 1, new() { Timeout = 30_000 });
        await Expect(page.Locator("#files td.c-name", new() { HasText = "dropped tone.wav" })).ToBeVisibleAsync();
        await Expect(page.Locator("#dropzone")).Not.ToHaveClassAsync(new Regex("over"));
        await page.Locator("#text-filter").FillAsync("03-01");
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(files.Length);
        await Expect(page.Locator("#files td.c-duration").First).ToHaveTextAsync(new Regex(@"^\d+\.\d\d s$"));

        // Text and status filters.
        await page.Locator("#text-filter").FillAsync(Path.GetFileName(files[4])!);
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(1);
        await page.Locator("#text-filter").FillAsync("03-01");
        await page.Locator("#status-filter").SelectOptionAsync("failed");
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#files-empty")).ToContainTextAsync("No files match");
        await page.Locator("#status-filter").SelectOptionAsync("");
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(files.Length);

        // Detail: the audio, waveform and spectrogram drawn from /visual, and "no prediction" before any model.
        await page.Locator("#files tr").First.ClickAsync();
        await Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail audio")).ToHaveAttributeAsync("src", new Regex("^/api/files/[0-9a-f]{64}/audio$"));
        await Expect(page.Locator("#detail-wave")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail-spec")).ToBeVisibleAsync();
        Assert.True(await CanvasHasInkAsync(page, "#detail-wave"), "the waveform canvas is blank");
        Assert.True(await CanvasHasInkAsync(page, "#detail-spec"), "the spectrogram canvas is blank");
        await Expect(page.Locator("#detail .probs")).ToContainTextAsync("No prediction yet");
        await session.ScreenshotAsync("file-detail");
        await page.Locator("#detail-close").ClickAsync();
        await Expect(page.Locator("#detail")).ToBeHiddenAsync();
        await session.ScreenshotAsync("files-after-upload");
        session.AssertClean();
    }

    [Fact]
    public async Task Name_a_cluster_train_see_predictions_and_roll_back()
    {
        var browser = await browsers.BrowserAsync();
        var silo = await labelled.GetAsync();
        var versionsBefore = (await silo.Client.GetFromJsonAsync<List<ModelSummary>>("/api/models"))!.Count;
        await using var session = await DashboardPage.OpenAsync(browser, silo, "clusters");
        var page = session.Page;

        // Clusters: one card per cluster, agreement scores, a scatter with hover and click-to-play.
        var view = (await silo.Client.GetFromJsonAsync<ClusterView>("/api/clusters"))!;
        await Expect(page.Locator(".cluster-card")).ToHaveCountAsync(view.K, new() { Timeout = 30_000 });
        await Expect(page.Locator("#cluster-scores")).ToContainTextAsync("NMI");
        await Expect(page.Locator("#cluster-scores")).ToContainTextAsync("ARI");
        Assert.True(await CanvasHasInkAsync(page, "#scatter"), "the scatter canvas is blank");

        var target = view.Points[0];
        var (x, y) = await ScatterPositionAsync(page, view, target);
        await page.Locator("#scatter").HoverAsync(new() { Position = new() { X = x, Y = y } });
        await Expect(page.Locator("#scatter-tip")).ToBeVisibleAsync();
        var hovered = await page.Locator("#scatter-tip").TextContentAsync();
        Assert.Contains(hovered, view.Points.Select(p => p.Name));
        await page.Locator("#scatter").ClickAsync(new() { Position = new() { X = x, Y = y } });
        await Expect(page.Locator("#cluster-playing")).ToHaveTextAsync($"Playing {hovered}");
        await Expect(page.Locator("#cluster-audio")).ToHaveAttributeAsync("src", new Regex("/api/files/[0-9a-f]{64}/audio$"));

        await page.Locator("input[name=colour-by][value=label]").CheckAsync();
        await Expect(page.Locator("#scatter-legend")).ToContainTextAsync("calm");
        await Expect(page.Locator("#scatter-legend")).ToContainTextAsync("unlabelled");

        // Name the cluster holding most unlabelled files after its most common label.
        var cluster = view.Clusters.OrderByDescending(c => c.Size - c.LabelCounts.Values.Sum()).First();
        var emotion = cluster.LabelCounts.Where(kv => kv.Key is "calm" or "happy" or "sad" or "angry").OrderByDescending(kv => kv.Value).Select(kv => kv.Key).FirstOrDefault() ?? "calm";
        var card = page.Locator($".cluster-card[data-cluster=\"{cluster.Id}\"]");
        await card.Locator("input").FillAsync(emotion);
        await card.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator($".cluster-card[data-cluster=\"{cluster.Id}\"] .message")).ToContainTextAsync(new Regex(@"\d+ files? labelled"));
        await Expect(page.Locator($".cluster-card[data-cluster=\"{cluster.Id}\"] .emotion-pill")).ToHaveTextAsync(emotion);
        var weak = (await silo.FilesAsync("pageSize=500")).Items.Count(f => f.LabelSource == LabelSource.Cluster);
        output.WriteLine($"cluster {cluster.Id} named {emotion}: {weak} weak labels");
        await session.ScreenshotAsync("clusters");

        // Models: train from the page, follow the run, see the new version with its metrics and heat map.
        await session.ShowAsync("models");
        await Expect(page.Locator("#models tr")).ToHaveCountAsync(versionsBefore);
        var first = await TrainFromPageAsync(page, versionsBefore);
        var detail = (await silo.Client.GetFromJsonAsync<ModelDetail>($"/api/models/{first}"))!;
        var n = detail.Metrics.Emotions.Count;
        await Expect(page.Locator("#model-detail h2")).ToHaveTextAsync($"Model v{first}");
        await Expect(page.Locator("#model-detail table.confusion td.cell")).ToHaveCountAsync(n * n);
        await Expect(page.Locator("#model-detail table.per-class tbody tr")).ToHaveCountAsync(detail.Metrics.PerClass.Count);
        var cells = await page.Locator("#model-detail table.confusion td.cell").AllTextContentsAsync();
        Assert.Equal(detail.Metrics.Confusion.SelectMany(r => r), cells.Select(int.Parse));
        var shaded = await page.Locator("#model-detail table.confusion td.cell").EvaluateAllAsync<string[]>("cells => cells.map(c => getComputedStyle(c).backgroundColor)");
        Assert.True(shaded.Distinct().Count() > 1, "the confusion heat map has a single colour");
        await Expect(page.Locator("#model-detail .scores")).ToContainTextAsync(detail.Metrics.MacroF1.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        await session.ScreenshotAsync("models");

        // Files: every row gets an emotion from the new model (re-scoring runs in the background).
        await session.ShowAsync("files");
        await Expect(page.Locator("#files tr")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#files tr[data-status=embedded] td.c-emotion:empty")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(page.Locator("#files td.c-emotion .emotion").First).ToHaveTextAsync(new Regex("^(calm|happy|sad|angry)$"));
        await Expect(page.Locator("#emotion-counts .chip").First).ToBeVisibleAsync();
        await session.ScreenshotAsync("files-with-emotions");

        // Two versions at least, then roll back to the older one from its row.
        await session.ShowAsync("models");
        var newest = first;
        if (versionsBefore + 1 < 2)
        {
            newest = await TrainFromPageAsync(page, versionsBefore + 1);
        }

        var older = newest - 1;
        await page.Locator($"#models tr[data-version=\"{older}\"] button.activate").ClickAsync();
        await Expect(page.Locator($"#models tr[data-version=\"{older}\"]")).ToHaveAttributeAsync("data-active", "true");
        await Expect(page.Locator($"#models tr[data-version=\"{newest}\"]")).ToHaveAttributeAsync("data-active", "false");
        await Expect(page.Locator("#models-message")).ToContainTextAsync($"v{older} is active");
        var models = (await silo.Client.GetFromJsonAsync<List<ModelSummary>>("/api/models"))!;
        Assert.Equal(older, models.Single(m => m.Active).Version);

        // The files follow: once re-scored, none is still on the newer version.
        await session.ShowAsync("files");
        await Expect(page.Locator("#files td.c-model", new() { HasText = $"v{older}" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#files td.c-model", new() { HasText = $"v{newest}" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        session.AssertClean();
    }

    [Fact]
    public async Task Record_from_the_microphone_and_show_the_prediction()
    {
        var silo = await labelled.GetAsync();
        var version = await labelled.EnsureModelAsync();

        // Chromium's fake microphone plays a RAVDESS clip of a speaker the model never heard (actor 3, angry).
        using var temp = new TempDataRoot();
        var clip = TestData.RavdessFiles("16k/Actor_03").First(f => Path.GetFileName(f).StartsWith("03-01-05-02", StringComparison.Ordinal));
        var wav = Path.Combine(temp.Path, "microphone.wav");
        File.Copy(clip, wav);
        await using var browser = await browsers.LaunchWithMicrophoneAsync(wav);
        await using var session = await DashboardPage.OpenAsync(browser, silo, "record");
        var page = session.Page;

        // The page's own WAV encoder: exact header and samples.
        var bytes = await page.EvaluateAsync<int[]>(
            "async () => { const m = await import('/wav-encoder.js'); const b = m.encodeWav(new Float32Array([0, 1, -1, 0.5, 2]), 16000); return [...new Uint8Array(await b.arrayBuffer())]; }");
        Assert.Equal(44 + 10, bytes.Length);
        Assert.Equal("RIFF", string.Concat(bytes[..4].Select(b => (char)b)));
        Assert.Equal("WAVEfmt ", string.Concat(bytes[8..16].Select(b => (char)b)));
        Assert.Equal(16000, BitConverter.ToInt32(bytes[24..28].Select(b => (byte)b).ToArray()));
        Assert.Equal(new short[] { 0, 32767, -32768, 16384, 32767 }, Enumerable.Range(0, 5).Select(i => BitConverter.ToInt16([(byte)bytes[44 + (2 * i)], (byte)bytes[45 + (2 * i)]])));

        await page.Locator("#record-button").ClickAsync();
        await Expect(page.Locator("#prediction")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#prediction-emotion")).ToHaveTextAsync(new Regex("^(calm|happy|sad|angry)$"));
        await Expect(page.Locator("#prediction-meta")).ToContainTextAsync($"model v{version}");
        await Expect(page.Locator("#prediction-probs .prob")).ToHaveCountAsync(4);
        await Expect(page.Locator("#record-message")).ToContainTextAsync(new Regex(@"Recorded 3 s at \d+ Hz"));
        await Expect(page.Locator("#record-audio")).ToHaveAttributeAsync("src", new Regex("^blob:"));
        Assert.True(await CanvasHasInkAsync(page, "#record-wave"), "the recording's waveform is blank");
        output.WriteLine($"recorded prediction: {await page.Locator("#prediction-emotion").TextContentAsync()} {await page.Locator("#prediction-confidence").TextContentAsync()}");
        await session.ScreenshotAsync("record");

        // A WAV file chosen instead of the microphone goes to the same endpoint.
        var sad = TestData.RavdessFiles("16k/Actor_03").First(f => Path.GetFileName(f).StartsWith("03-01-04-02", StringComparison.Ordinal));
        await Expect(page.Locator("#prediction-speaker")).ToContainTextAsync("no speaker given");
        await page.Locator("#prediction-meta").EvaluateAsync("e => e.textContent = ''");
        await page.Locator("#record-speaker").FillAsync("ravdess-03"); // sent with the clip: the answer echoes it and says how it was normalised
        await page.SetInputFilesAsync("#predict-input", sad);
        await Expect(page.Locator("#prediction-meta")).ToContainTextAsync($"model v{version}");
        await Expect(page.Locator("#prediction-meta")).ToContainTextAsync("3.");
        await Expect(page.Locator("#prediction-speaker")).ToContainTextAsync("speaker ravdess-03");
        await Expect(page.Locator("#prediction-speaker")).ToContainTextAsync(new Regex("normalisation: (speaker|global|none)"));
        session.AssertClean();
    }

    [Fact]
    public async Task A_hostile_file_name_is_shown_as_text_and_runs_nothing()
    {
        var browser = await browsers.BrowserAsync();
        var silo = await labelled.GetAsync();
        using var temp = new TempDataRoot();
        const string hostile = "<img src=x onerror=alert(1)>.wav";
        var path = Path.Combine(temp.Path, hostile);
        await File.WriteAllBytesAsync(path, SineWav.Wav16(523.25, 1));
        await using var session = await DashboardPage.OpenAsync(browser, silo);
        var page = session.Page;

        await page.SetInputFilesAsync("#file-input", path);
        await Expect(page.Locator("#uploads li[data-state=done]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator("#uploads .upload-name")).ToHaveTextAsync(hostile);

        var stored = await silo.WaitForAsync(async () =>
            (await silo.FilesAsync("q=onerror&pageSize=10")).Items.FirstOrDefault(f => f.Status == FileStatus.Embedded), Long, "the hostile file to be embedded");
        output.WriteLine($"uploaded as {hostile}, stored as {stored.Name}");
        await page.Locator("#text-filter").FillAsync("onerror");
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#files td.c-name")).ToHaveTextAsync(stored.Name);
        Assert.Equal(0, await page.Locator("#files-table img, #uploads img").CountAsync());

        // The detail shows the name as its title; a label typed as markup comes back as an error, as text.
        await page.Locator("#files tr").First.ClickAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(stored.Name);
        const string markup = "<img src=x onerror=alert(2)>";
        await page.Locator("#label-input").FillAsync(markup);
        await page.Locator(".label-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#label-message")).ToContainTextAsync(markup);
        Assert.Equal(0, await page.Locator("#detail img").CountAsync());
        Assert.Equal(1, await page.Locator("img").CountAsync()); // the logo in the header, nothing else

        await page.WaitForTimeoutAsync(500);
        session.AssertClean();
    }

    [Fact]
    public async Task Changes_ask_for_the_api_key_once_and_keep_it()
    {
        var browser = await browsers.BrowserAsync();
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path, new Dictionary<string, string> { ["EmotionGrid__Gateway__ApiKey"] = "s3cret-key" });
        await silo.StartAsync();
        using var temp = new TempDataRoot();
        var first = Path.Combine(temp.Path, "first.wav");
        var second = Path.Combine(temp.Path, "second.wav");
        await File.WriteAllBytesAsync(first, SineWav.Wav16(440, 1));
        await File.WriteAllBytesAsync(second, SineWav.Wav16(660, 1));
        await using var session = await DashboardPage.OpenAsync(browser, silo);
        var page = session.Page;

        await page.SetInputFilesAsync("#file-input", first);
        await Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#key-reason")).ToContainTextAsync("X-Api-Key");
        await page.Locator("#key-input").FillAsync("s3cret-key");
        await page.Locator("#key-save").ClickAsync();
        await Expect(page.Locator("#uploads li[data-state=done]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.Equal("s3cret-key", await page.EvaluateAsync<string>("() => localStorage.getItem('emotiongrid.apiKey')"));

        // One file is too few to cluster or train: the server's reasons are shown as they come.
        await Expect(page.Locator("#files tr[data-status=embedded]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await session.ShowAsync("clusters");
        await Expect(page.Locator("#clusters-message")).ToBeVisibleAsync();
        var clusters = await silo.Client.GetAsync("/api/clusters");
        Assert.Equal(System.Net.HttpStatusCode.Conflict, clusters.StatusCode);
        var clustersDetail = (await clusters.Content.ReadFromJsonAsync<ProblemBody>())!.Detail;
        await Expect(page.Locator("#clusters-message")).ToHaveTextAsync(clustersDetail);
        await session.ShowAsync("models");
        await Expect(page.Locator("#models-empty")).ToBeVisibleAsync();
        await page.Locator("#train-button").ClickAsync();
        await Expect(page.Locator("#models-message")).ToHaveAttributeAsync("data-kind", "error");
        await Expect(page.Locator("#models-message")).ToContainTextAsync("labelled");
        await Expect(page.Locator("#train-button")).ToBeEnabledAsync();
        await session.ShowAsync("files");

        // The key is kept: the next upload goes straight through, also after a reload.
        await page.ReloadAsync();
        await Expect(page.Locator("#key-button")).ToHaveTextAsync("Key ✓");
        await page.SetInputFilesAsync("#file-input", second);
        await Expect(page.Locator("#uploads li[data-state=done]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator("#key-dialog")).ToBeHiddenAsync();
        await Expect(page.Locator("#files tr[data-status=embedded]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        session.AssertClean();
    }

    [Fact]
    public async Task A_long_file_shows_its_emotion_timeline()
    {
        var browser = await browsers.BrowserAsync();
        var silo = await labelled.GetAsync();
        var version = await labelled.EnsureModelAsync();
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(SineWav.Wav16(311.13, 25)), "file", "long recording.wav");
        var response = await silo.Client.PostAsync("/api/files", content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<List<UploadedFile>>())![0].Id;
        var detail = await silo.WaitForAsync(async () =>
        {
            var d = await silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{id}");
            return d!.File.ModelVersion is not null && d.Segments.Count > 1 && d.Segments.All(s => s.Emotion is not null) ? d : null;
        }, Long, "the long file to be embedded and scored per segment");

        await using var session = await DashboardPage.OpenAsync(browser, silo);
        var page = session.Page;
        await page.Locator("#text-filter").FillAsync("long recording");
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(1);
        await page.Locator("#files tr").First.ClickAsync();
        await Expect(page.Locator("#detail .timeline-seg")).ToHaveCountAsync(detail.Segments.Count);
        var emotions = await page.Locator("#detail .timeline-seg").EvaluateAllAsync<string[]>("s => s.map(e => e.dataset.emotion)");
        Assert.Equal(detail.Segments.Select(s => s.Emotion), emotions);
        await Expect(page.Locator("#detail .timeline-axis")).ToContainTextAsync("25.0 s");
        await Expect(page.Locator("#detail .probs .prob")).ToHaveCountAsync(4);
        await Expect(page.Locator("#detail dl.meta")).ToContainTextAsync($"v{detail.File.ModelVersion}");
        await Expect(page.Locator("#detail-spec")).ToBeVisibleAsync();
        output.WriteLine($"model v{version}: {string.Join(", ", detail.Segments.Select(s => $"{s.StartSeconds}-{s.EndSeconds} {s.Emotion}"))}");
        await session.ScreenshotAsync("long-file-detail");
        session.AssertClean();
    }

    [Fact]
    public async Task Headers_sort_and_the_emotion_filter_narrow_the_table()
    {
        var browser = await browsers.BrowserAsync();
        var silo = await labelled.GetAsync();
        await labelled.EnsureModelAsync();
        await silo.WaitUntilAsync(async () => (await silo.FilesAsync("pageSize=500")).Items.All(f => f.Status != FileStatus.Embedded || f.Emotion is not null),
            Long, "every embedded file to be scored");
        await using var session = await DashboardPage.OpenAsync(browser, silo);
        var page = session.Page;
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(25);

        // Each header asks the server for that order (the table shows one page of 25); a second click reverses it.
        foreach (var (key, firstDesc) in new[] { ("name", false), ("confidence", true), ("duration", true) })
        {
            foreach (var desc in new[] { firstDesc, !firstDesc })
            {
                await page.Locator($"th[data-sort={key}]").ClickAsync();
                await Expect(page.Locator($"th[data-sort={key}]")).ToHaveAttributeAsync("aria-sort", desc ? "descending" : "ascending");
                var expected = (await silo.FilesAsync($"sort={key}&desc={(desc ? "true" : "false")}&page=1&pageSize=25")).Items;
                AssertOrdered(key, desc, expected);
                await Expect(page.Locator("#files td.c-name")).ToHaveTextAsync(expected.Select(f => f.Name).ToArray());
            }
        }

        // The emotion filter (and its count chip) keeps only the rows the model gave that emotion.
        var angry = (await silo.FilesAsync("emotion=angry&pageSize=500")).Total;
        await page.Locator("#emotion-filter").SelectOptionAsync("angry");
        await Expect(page.Locator("#page-info")).ToContainTextAsync($"{angry} file");
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(Math.Min(25, angry));
        await Expect(page.Locator("#files td.c-emotion").Filter(new() { HasNotText = "angry" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#emotion-counts .chip[data-emotion=angry]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#emotion-counts .chip[data-emotion=angry] b")).ToHaveTextAsync(angry.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#emotion-counts .chip[data-emotion=angry]").ClickAsync();
        await Expect(page.Locator("#emotion-filter")).ToHaveValueAsync("");
        session.AssertClean();
    }

    /// <summary>The server's own order, checked first so a failure says whether the page or the API is at fault.</summary>
    private static void AssertOrdered(string key, bool desc, IReadOnlyList<FileSummary> items)
    {
        var values = items.Select(f => key switch
        {
            "name" => (IComparable)f.Name,
            "confidence" => f.Confidence ?? -1,
            _ => f.DurationSeconds ?? -1,
        }).ToList();
        for (var i = 1; i < values.Count; i++)
        {
            var order = key == "name" ? string.CompareOrdinal((string)values[i - 1], (string)values[i]) : values[i - 1].CompareTo(values[i]);
            Assert.True(desc ? order >= 0 : order <= 0,
                $"GET /api/files?sort={key}&desc={desc} is not in that order (item {i}: {values[i - 1]} then {values[i]}); the server does not sort");
        }
    }

    private sealed record ProblemBody(string Detail);

    [Fact]
    public async Task On_a_phone_the_table_detail_and_record_button_are_usable()
    {
        var browser = await browsers.BrowserAsync();
        var silo = await labelled.GetAsync();
        await labelled.EnsureModelAsync();
        await using var session = await DashboardPage.OpenAsync(browser, silo, "files", 390, 844, phone: true);
        var page = session.Page;

        await Expect(page.Locator("#files tr").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        foreach (var column in new[] { "c-name", "c-status", "c-emotion" })
        {
            var box = await page.Locator($"#files tr >> nth=0 >> td.{column}").BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 390, $"{column} is not within the 390 px screen: {box?.X} + {box?.Width}");
        }

        await Expect(page.Locator("#files td.c-name").First).ToBeInViewportAsync();
        await session.ScreenshotAsync("phone-files");
        await page.Locator("#files tr").First.TapAsync();
        await Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail-close")).ToBeInViewportAsync();
        await Expect(page.Locator("#detail .label-button").First).ToBeVisibleAsync();
        await session.ScreenshotAsync("phone-detail");
        await page.Locator("#detail-close").TapAsync();
        await Expect(page.Locator("#detail")).ToBeHiddenAsync();

        await page.Locator(".tabs a[data-view=record]").TapAsync();
        var record = page.Locator("#record-button");
        await Expect(record).ToBeInViewportAsync();
        await record.TapAsync();
        await Expect(page.Locator("#prediction")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#prediction-meta")).ToContainTextAsync("model v");
        await session.ScreenshotAsync("phone-record");
        session.AssertClean();
    }

    /// <summary>Whether any pixel of the canvas was drawn (not transparent and not the plain background).</summary>
    private static Task<bool> CanvasHasInkAsync(IPage page, string selector) =>
        page.Locator(selector).EvaluateAsync<bool>(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const r = d[0], g = d[1], b = d[2], a = d[3];" +
            " for (let i = 0; i < d.length; i += 4) if (d[i] !== r || d[i+1] !== g || d[i+2] !== b || d[i+3] !== a) return true; return false; }");

    /// <summary>Where the dashboard draws a point: the same linear map of the PCA coordinates onto the canvas (14 px padding).</summary>
    private static async Task<(float X, float Y)> ScatterPositionAsync(IPage page, ClusterView view, ClusterPoint point)
    {
        var size = await page.Locator("#scatter").EvaluateAsync<double[]>("c => [c.clientWidth, c.clientHeight]");
        const double pad = 14;
        var minX = view.Points.Min(p => p.X);
        var maxX = view.Points.Max(p => p.X);
        var minY = view.Points.Min(p => p.Y);
        var maxY = view.Points.Max(p => p.Y);
        var x = pad + ((point.X - minX) / (maxX - minX is 0 ? 1 : maxX - minX) * (size[0] - (2 * pad)));
        var y = size[1] - pad - ((point.Y - minY) / (maxY - minY is 0 ? 1 : maxY - minY) * (size[1] - (2 * pad)));
        return ((float)x, (float)y);
    }

    /// <summary>Clicks Train, follows the run's progress on the page, and returns the new version.</summary>
    private static async Task<int> TrainFromPageAsync(IPage page, int versionsBefore)
    {
        await page.Locator("#train-button").ClickAsync();
        await Expect(page.Locator("#training-run")).ToBeVisibleAsync();
        await Expect(page.Locator("#models-message")).ToContainTextAsync("Training finished", new() { Timeout = 120_000 });
        await Expect(page.Locator("#training-progress")).ToHaveJSPropertyAsync("value", 1);
        await Expect(page.Locator("#models tr")).ToHaveCountAsync(versionsBefore + 1);
        await Expect(page.Locator("#training-runs li[data-status=succeeded]").First).ToBeAttachedAsync();
        var text = await page.Locator("#models-message").TextContentAsync();
        var version = int.Parse(VersionPattern().Match(text!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator($"#models tr[data-version=\"{version}\"]")).ToHaveAttributeAsync("data-active", "true");
        return version;
    }

    [GeneratedRegex(@"model v(\d+) is active")]
    private static partial Regex VersionPattern();
}
