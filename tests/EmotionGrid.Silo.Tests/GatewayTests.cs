using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Storage.Vectors;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>The REST gateway against a real silo: uploads, listing, downloads, problem JSON, probes, dashboard.</summary>
public sealed class GatewayTests(GatewayTests.SiloFixture fixture) : IClassFixture<GatewayTests.SiloFixture>
{
    private const long UploadLimit = 2 * 1024 * 1024;

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Upload_answers_202_with_content_ids_and_the_files_get_embedded()
    {
        var sources = TestData.RavdessFiles("16k/Actor_03").Take(3).ToArray();
        using var form = new MultipartFormDataContent();
        foreach (var source in sources)
        {
            form.Add(WavContent(File.ReadAllBytes(source)), "file", Path.GetFileName(source));
        }

        var response = await Silo.Client.PostAsync("/api/files", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var uploaded = (await response.Content.ReadFromJsonAsync<List<UploadedFile>>())!;
        Assert.Equal(sources.Select(Path.GetFileName), uploaded.Select(u => u.Name));
        Assert.Equal(sources.Select(s => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(s)))), uploaded.Select(u => u.Id));

        foreach (var (file, source) in uploaded.Zip(sources))
        {
            var detail = await Silo.WaitForAsync(async () =>
            {
                var d = await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{file.Id}");
                return d!.File.Status == FileStatus.Embedded ? d : null;
            }, TimeSpan.FromMinutes(2), $"{file.Name} to be embedded");
            Assert.StartsWith("processed/", detail.AudioBlob);
            Assert.Equal(File.ReadAllBytes(source), await Silo.Client.GetByteArrayAsync($"/api/files/{file.Id}/audio"));
            var (vector, _) = NpyFormat.Read(new MemoryStream(await Silo.Client.GetByteArrayAsync($"/api/files/{file.Id}/vector")));
            Assert.Equal(detail.VectorDimension, vector.Length);
        }
    }

    [Fact]
    public async Task Uploading_the_same_content_again_returns_the_existing_id_without_a_new_row()
    {
        var source = TestData.RavdessFiles("16k/Actor_04")[0];
        var first = await UploadAsync(File.ReadAllBytes(source), "first.wav");
        var totalBefore = (await Silo.StatusAsync()).Total;
        var second = await UploadAsync(File.ReadAllBytes(source), "second name.wav");
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(totalBefore, (await Silo.StatusAsync()).Total);
        var detail = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{first.Id}"))!;
        Assert.Contains("second name.wav", detail.Aliases);
    }

    [Theory]
    [InlineData("../../escape.wav", "escape.wav")]
    [InlineData("..\\..\\windows.wav", "windows.wav")]
    [InlineData("/etc/passwd.wav", "passwd.wav")]
    [InlineData("tab\there.wav", "tab_here.wav")]
    public async Task Unsafe_names_are_neutralised_and_nothing_lands_outside_the_bucket(string unsafeName, string expected)
    {
        var bytes = SineWav.Wav16(440 + unsafeName.Length, seconds: 1);
        var uploaded = await UploadAsync(bytes, unsafeName);
        Assert.Equal(expected, uploaded.Name);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(fixture.Root.Path)!, "escape.wav")));
        var detail = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}"))!;
        Assert.Equal(expected, detail.File.Name);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_problem_json_and_leaves_nothing_behind()
    {
        var totalBefore = (await Silo.StatusAsync()).Total;
        var big = SineWav.Wav16(300, seconds: (int)(UploadLimit / 32_000) + 2);
        using var form = new MultipartFormDataContent { { WavContent(big), "file", "big.wav" } };
        var response = await Silo.Client.PostAsync("/api/files", form);
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("big.wav", problem.Detail);
        Assert.Contains("MaxUploadBytes", problem.Detail);
        Assert.Equal(totalBefore, (await Silo.StatusAsync()).Total);
        Assert.DoesNotContain(Directory.GetFiles(fixture.Root.Folder("incoming")), f => Path.GetFileName(f).StartsWith("big", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_requests_get_specific_problem_json()
    {
        var notMultipart = await Silo.Client.PostAsync("/api/files", new ByteArrayContent([1, 2, 3]));
        Assert.Contains("multipart/form-data", (await AssertProblemAsync(notMultipart, HttpStatusCode.UnsupportedMediaType)).Detail);

        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "comment" } };
        Assert.Contains("no file part", (await AssertProblemAsync(await Silo.Client.PostAsync("/api/files", noFile), HttpStatusCode.BadRequest)).Detail);

        using var empty = new MultipartFormDataContent { { WavContent([]), "file", "empty.wav" } };
        Assert.Contains("empty", (await AssertProblemAsync(await Silo.Client.PostAsync("/api/files", empty), HttpStatusCode.BadRequest)).Detail);

        Assert.Contains("unknown status 'bogus'", (await AssertProblemAsync(await Silo.Client.GetAsync("/api/files?status=bogus"), HttpStatusCode.BadRequest)).Detail);
        Assert.Contains("pageSize", (await AssertProblemAsync(await Silo.Client.GetAsync("/api/files?pageSize=0"), HttpStatusCode.BadRequest)).Detail);
        Assert.Contains("no file with id", (await AssertProblemAsync(await Silo.Client.GetAsync($"/api/files/{new string('a', 64)}"), HttpStatusCode.NotFound)).Detail);
        Assert.Contains("no file with id", (await AssertProblemAsync(await Silo.Client.GetAsync("/api/files/nope/vector"), HttpStatusCode.NotFound)).Detail);
        await AssertProblemAsync(await Silo.Client.GetAsync("/api/no-such-endpoint"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Listing_filters_by_status_and_text_and_pages()
    {
        var a = await UploadAsync(SineWav.Wav16(510, 1), "listing-alpha.wav");
        var b = await UploadAsync(SineWav.Wav16(520, 1), "listing-beta.wav");
        await Silo.WaitUntilAsync(async () => (await Silo.StatusAsync()).ByStatus[FileStatus.Queued] + (await Silo.StatusAsync()).ByStatus[FileStatus.Processing] == 0,
            TimeSpan.FromMinutes(2), "the queue to drain");

        var byText = (await Silo.FilesAsync("q=listing-"))!;
        Assert.Equal(2, byText.Total);
        Assert.Equal(new[] { b.Id, a.Id }, byText.Items.Select(i => i.Id)); // newest first

        var byId = await Silo.FilesAsync($"q={a.Id[..12]}");
        Assert.Equal(a.Id, Assert.Single(byId.Items).Id);

        var embedded = await Silo.FilesAsync("status=embedded&pageSize=500");
        Assert.All(embedded.Items, i => Assert.Equal(FileStatus.Embedded, i.Status));

        var page2 = await Silo.FilesAsync("pageSize=1&page=2");
        Assert.Single(page2.Items);
        Assert.Equal(2, page2.Page);
        Assert.True(page2.Total >= 2);

        using var raw = JsonDocument.Parse(await Silo.Client.GetStringAsync("/api/files?pageSize=1"));
        var item = raw.RootElement.GetProperty("items")[0];
        foreach (var property in new[] { "id", "name", "status", "error", "sizeBytes", "durationSeconds", "sampleRate", "channels", "embedder", "emotion", "confidence", "modelVersion", "createdAt", "updatedAt" })
        {
            Assert.True(item.TryGetProperty(property, out _), $"items[0] lacks '{property}'");
        }
    }

    [Fact]
    public async Task A_long_upload_is_embedded_in_segments_listed_by_the_detail_and_downloadable_as_a_matrix()
    {
        var uploaded = await UploadAsync(SineWav.Wav16(180, seconds: 25), "long recording.wav");
        var detail = await Silo.WaitForAsync(async () =>
        {
            var d = await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}");
            return d!.File.Status == FileStatus.Embedded ? d : null;
        }, TimeSpan.FromMinutes(2), "the long file to be embedded");

        Assert.Equal([(0.0, 10.0), (9.0, 19.0), (15.0, 25.0)], detail.Segments.Select(s => (Math.Round(s.StartSeconds, 3), Math.Round(s.EndSeconds, 3))));
        var (matrix, shape) = NpyFormat.Read(new MemoryStream(await Silo.Client.GetByteArrayAsync($"/api/files/{uploaded.Id}/segments/vectors")));
        Assert.Equal([3, detail.VectorDimension!.Value], shape);
        Assert.All(matrix, v => Assert.True(float.IsFinite(v)));
        var shortFile = await UploadAsync(SineWav.Wav16(190, seconds: 2), "short recording.wav");
        await Silo.WaitUntilAsync(async () => (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{shortFile.Id}"))!.File.Status == FileStatus.Embedded,
            TimeSpan.FromMinutes(2), "the short file");
        Assert.Contains("no segment vectors", (await AssertProblemAsync(await Silo.Client.GetAsync($"/api/files/{shortFile.Id}/segments/vectors"), HttpStatusCode.NotFound)).Detail);
    }

    [Theory]
    [InlineData("song.wav", "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000 mp3 frames follow", "MP3")]
    [InlineData("form.wav", "FORM\u0000\u0000\u0010\u0000AIFFCOMM", "AIFF")]
    [InlineData("lossless.wav", "fLaC\u0000\u0000\u0000\"\u0010\u0000", "FLAC")]
    [InlineData("notes.wav", "just some notes about the recording session", "plain text")]
    public async Task Undecodable_uploads_end_failed_with_the_decoders_specific_reason(string name, string content, string expected)
    {
        var uploaded = await UploadAsync(System.Text.Encoding.Latin1.GetBytes(content), name);
        var detail = await Silo.WaitForAsync(async () =>
        {
            var d = await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}");
            return d!.File.Status == FileStatus.Failed ? d : null;
        }, TimeSpan.FromMinutes(2), $"{name} to fail");
        Assert.Contains(expected, detail.File.Error);
        Assert.StartsWith("failed/", detail.AudioBlob);
    }

    [Fact]
    public async Task A_clip_shorter_than_the_minimum_fails_with_its_length_in_the_reason()
    {
        var bytes = SineWav.Wav16(400, seconds: 1);
        var tenth = bytes[..(44 + 3200)]; // 0.1 s of samples; the header's data size then exceeds the file
        var uploaded = await UploadAsync(tenth, "blip.wav");
        var detail = await Silo.WaitForAsync(async () =>
        {
            var d = await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}");
            return d!.File.Status == FileStatus.Failed ? d : null;
        }, TimeSpan.FromMinutes(2), "blip.wav to fail");
        Assert.Contains("0.25 s", detail.File.Error);
    }

    [Fact]
    public async Task Files_sort_by_a_column_and_the_detail_has_a_waveform_and_a_log_mel_image()
    {
        // Created in an order that differs from both sorted orders, so the default (newest first) cannot pass for them.
        var middle = await UploadAsync(SineWav.Wav16(170, seconds: 4), "sort-c.wav");
        var high = await UploadAsync(SineWav.Wav16(160, seconds: 6), "sort-a.wav");
        var low = await UploadAsync(SineWav.Wav16(150, seconds: 2), "sort-b.wav");
        await Silo.WaitUntilAsync(async () => (await Silo.FilesAsync("q=sort-&status=embedded")).Total == 3, TimeSpan.FromMinutes(1), "all three to embed");

        Assert.Equal(["sort-a.wav", "sort-b.wav", "sort-c.wav"], (await Silo.FilesAsync("q=sort-&sort=name&desc=false")).Items.Select(f => f.Name));
        Assert.Equal(["sort-c.wav", "sort-b.wav", "sort-a.wav"], (await Silo.FilesAsync("q=sort-&sort=name&desc=true")).Items.Select(f => f.Name));
        Assert.Equal([high.Id, middle.Id, low.Id], (await Silo.FilesAsync("q=sort-&sort=duration")).Items.Select(f => f.Id));
        Assert.Equal([low.Id, middle.Id, high.Id], (await Silo.FilesAsync("q=sort-&sort=duration&desc=false")).Items.Select(f => f.Id));
        Assert.Equal([low.Id, high.Id, middle.Id], (await Silo.FilesAsync("q=sort-")).Items.Select(f => f.Id));
        Assert.Empty((await Silo.FilesAsync("q=sort-&emotion=angry")).Items); // no model yet: nothing predicted
        Assert.Contains("unknown sort", (await AssertProblemAsync(await Silo.Client.GetAsync("/api/files?sort=size"), HttpStatusCode.BadRequest)).Detail);

        using var visual = JsonDocument.Parse(await Silo.Client.GetStringAsync($"/api/files/{high.Id}/visual"));
        var root = visual.RootElement;
        Assert.Equal(6.0, root.GetProperty("durationSeconds").GetDouble(), 2);
        Assert.Equal(1000, root.GetProperty("waveform").GetProperty("max").GetArrayLength());
        Assert.True(root.GetProperty("waveform").GetProperty("max").EnumerateArray().Max(v => v.GetDouble()) > 0.4);
        var logMel = root.GetProperty("logMel");
        Assert.Equal(64, logMel.GetProperty("bands").GetInt32());
        Assert.Equal(logMel.GetProperty("frames").GetInt32(), logMel.GetProperty("values").GetArrayLength());
        Assert.InRange(logMel.GetProperty("frames").GetInt32(), 590, 600);

        using var throughput = JsonDocument.Parse(await Silo.Client.GetStringAsync("/api/stats/throughput?minutes=30"));
        Assert.Equal(60, throughput.RootElement.GetProperty("bucketSeconds").GetInt32());
        Assert.True(throughput.RootElement.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("embedded").GetInt32()) >= 2);
    }

    [Fact]
    public async Task Probes_and_dashboard_are_served()
    {
        Assert.Equal(HttpStatusCode.OK, (await Silo.Client.GetAsync("/healthz")).StatusCode);
        using var ready = JsonDocument.Parse(await Silo.Client.GetStringAsync("/readyz"));
        Assert.Equal("Healthy", ready.RootElement.GetProperty("status").GetString());
        var checks = ready.RootElement.GetProperty("checks");
        Assert.True(checks.TryGetProperty("catalog", out _));
        Assert.True(checks.TryGetProperty("store", out _));
        Assert.Contains(checks.EnumerateObject(), c => c.Name.StartsWith("orleans", StringComparison.Ordinal));

        var page = await Silo.Client.GetStringAsync("/");
        Assert.Contains("<title>EmotionGrid</title>", page);
        Assert.Contains("textContent", await Silo.Client.GetStringAsync("/dashboard.js"));
    }

    private async Task<UploadedFile> UploadAsync(byte[] bytes, string name)
    {
        using var form = new MultipartFormDataContent { { WavContent(bytes), "file", name } };
        var response = await Silo.Client.PostAsync("/api/files", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedFile>>())!);
    }

    private static ByteArrayContent WavContent(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return content;
    }

    private static async Task<ProblemDocument> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDocument>())!;
        Assert.Equal((int)expected, problem.Status);
        return problem;
    }

    private sealed record ProblemDocument(string? Title, int Status, string? Detail);

    public sealed class SiloFixture : IAsyncLifetime
    {
        public TempDataRoot Root { get; } = new();

        public SiloProcess Silo { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Silo = new SiloProcess(Root.Path, new Dictionary<string, string> { ["EmotionGrid__Gateway__MaxUploadBytes"] = UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await Silo.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Silo.DisposeAsync();
            Root.Dispose();
        }
    }
}
