using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// Who speaks, through the REST API of a real silo: the <c>speaker</c> of uploads (form field or query, over a dataset
/// file name's, also for content already known), <c>PUT /api/files/{id}/speaker</c>, the list filter, predict's
/// <c>speaker</c>, and the one rule for names (400 with the reason). One more silo checks uploads on an Azure Blob bucket.
/// </summary>
public sealed class SpeakerApiTests(SpeakerApiTests.SiloFixture fixture) : IClassFixture<SpeakerApiTests.SiloFixture>
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task An_uploads_speaker_from_the_form_or_the_query_wins_over_the_file_names_and_lists_filter_by_it()
    {
        var byForm = await UploadAsync(Silo, SineWav.Wav16(701, 1), "03-01-05-01-01-01-07.wav", formSpeaker: "Person-A");
        var byQuery = await UploadAsync(Silo, SineWav.Wav16(702, 1), "03-01-05-01-01-01-08.wav", query: "?speaker=Q.Speaker_2");
        var fromName = await UploadAsync(Silo, SineWav.Wav16(703, 1), "03-01-05-01-01-01-09.wav");
        var fieldAfterFile = await UploadAsync(Silo, SineWav.Wav16(704, 1), "after.wav", formSpeaker: "late-1", speakerFirst: false);

        Assert.Equal(["Person-A", "Q.Speaker_2", "ravdess-09", "late-1"], new[] { byForm, byQuery, fromName, fieldAfterFile }.Select(u => u.Speaker));
        foreach (var (uploaded, speaker) in new[] { (byForm, "Person-A"), (byQuery, "Q.Speaker_2"), (fromName, "ravdess-09"), (fieldAfterFile, "late-1") })
        {
            var detail = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}", Ct))!;
            Assert.Equal(speaker, detail.File.Speaker);
        }

        // The label from the RAVDESS name stays: the explicit speaker only replaces the name's speaker.
        Assert.Equal(("angry", LabelSource.FileName), await LabelOfAsync(byForm.Id));
        Assert.Equal([byForm.Id], (await Silo.FilesAsync("speaker=Person-A")).Items.Select(f => f.Id));
        Assert.Empty((await Silo.FilesAsync("speaker=person-a")).Items); // case kept, exact match
    }

    [Fact]
    public async Task Uploading_known_content_with_a_speaker_sets_the_speaker_of_the_existing_file()
    {
        var bytes = SineWav.Wav16(711, 1);
        var first = await UploadAsync(Silo, bytes, "known.wav");
        Assert.Null(first.Speaker);
        var totalBefore = (await Silo.StatusAsync()).Total;

        var again = await UploadAsync(Silo, bytes, "known again.wav", formSpeaker: "spk-known");
        var byQuery = await UploadAsync(Silo, bytes, "known.wav", query: "?speaker=spk-known.2");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Id, byQuery.Id);
        Assert.Equal(("spk-known", "spk-known.2"), (again.Speaker, byQuery.Speaker));
        Assert.Equal(totalBefore, (await Silo.StatusAsync()).Total);
        var detail = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{first.Id}", Ct))!;
        Assert.Equal("spk-known.2", detail.File.Speaker);
        Assert.Contains("known again.wav", detail.Aliases);
    }

    [Theory]
    [InlineData("?speaker=two%20words", null, "has a space")]
    [InlineData("", "spk/1", "has the character '/'")]
    [InlineData("", "01234567890123456789012345678901234567890123456789012345678901234", "65 characters long; at most 64")]
    [InlineData("?speaker=one", "two", "two speakers were given")]
    public async Task A_bad_speaker_on_upload_is_a_400_problem_with_the_reason_and_nothing_is_stored(string query, string? formSpeaker, string expected)
    {
        var bytes = SineWav.Wav16(720 + expected.Length, 1);
        using var form = Form(bytes, "refused.wav", formSpeaker, speakerFirst: true);

        var response = await Silo.Client.PostAsync("/api/files" + query, form, Ct);

        Assert.Contains(expected, (await ProblemAsync(response, HttpStatusCode.BadRequest)).Detail);
        Assert.Equal(0, (await Silo.FilesAsync("q=refused.wav")).Total);
    }

    [Fact]
    public async Task Put_speaker_sets_one_files_speaker_and_answers_the_file()
    {
        var uploaded = await UploadAsync(Silo, SineWav.Wav16(731, 1), "03-01-05-01-01-01-11.wav");
        Assert.Equal("ravdess-11", uploaded.Speaker);

        var response = await Silo.Client.PutAsJsonAsync($"/api/files/{uploaded.Id}/speaker", new SpeakerRequest("Actor.Eleven"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<FileSummary>(Ct))!;
        Assert.Equal((uploaded.Id, "Actor.Eleven"), (summary.Id, summary.Speaker));
        Assert.Equal("Actor.Eleven", (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}", Ct))!.File.Speaker);
        Assert.Equal([uploaded.Id], (await Silo.FilesAsync("speaker=Actor.Eleven")).Items.Select(f => f.Id));

        var bad = await Silo.Client.PutAsJsonAsync($"/api/files/{uploaded.Id}/speaker", new SpeakerRequest("<b>"), Ct);
        Assert.Contains("has the character '<'", (await ProblemAsync(bad, HttpStatusCode.BadRequest)).Detail);
        var none = await Silo.Client.PutAsJsonAsync($"/api/files/{uploaded.Id}/speaker", new { other = "x" }, Ct);
        Assert.Contains("send {\"speaker\"", (await ProblemAsync(none, HttpStatusCode.BadRequest)).Detail);
        Assert.Equal("Actor.Eleven", (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}", Ct))!.File.Speaker);

        var unknown = await Silo.Client.PutAsJsonAsync($"/api/files/{new string('e', 64)}/speaker", new SpeakerRequest("spk-1"), Ct);
        Assert.Contains("no file with id", (await ProblemAsync(unknown, HttpStatusCode.NotFound)).Detail);
        Assert.Contains("has the character '*'", (await ProblemAsync(await Silo.Client.GetAsync("/api/files?speaker=a*", Ct), HttpStatusCode.BadRequest)).Detail);
    }

    [Fact]
    public async Task Predict_refuses_a_bad_speaker_with_400_before_anything_else_and_passes_a_good_one_on()
    {
        var clip = SineWav.Wav16(741, 1);
        var byQuery = await Silo.Client.PostAsync("/api/predict?speaker=a%3Bb", new ByteArrayContent(clip), Ct);
        Assert.Contains("has the character ';'", (await ProblemAsync(byQuery, HttpStatusCode.BadRequest)).Detail);

        using (var afterClip = Form(clip, "clip.wav", "no good", speakerFirst: false))
        {
            var byForm = await Silo.Client.PostAsync("/api/predict", afterClip, Ct);
            Assert.Contains("has a space", (await ProblemAsync(byForm, HttpStatusCode.BadRequest)).Detail);
        }

        // A good speaker passes validation and reaches the grain, which answers as without one: no model yet (409).
        using var good = Form(clip, "clip.wav", "spk-7", speakerFirst: true);
        var accepted = await Silo.Client.PostAsync("/api/predict", good, Ct);
        Assert.Equal(HttpStatusCode.Conflict, accepted.StatusCode);
    }

    [Fact]
    public async Task On_an_Azure_Blob_bucket_an_uploads_speaker_reaches_the_catalog_too()
    {
        var azurite = await AzuriteServer.SharedAsync();
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path, new Dictionary<string, string>
        {
            ["EmotionGrid__Storage__Provider"] = "AzureBlob",
            ["EmotionGrid__Storage__ConnectionString"] = azurite.ConnectionString,
            ["EmotionGrid__Storage__Container"] = AzuriteServer.NewContainerName("spk"),
            ["EmotionGrid__Storage__ServiceVersion"] = AzuriteServer.ServiceVersion,
        });
        await silo.StartAsync();
        var bytes = SineWav.Wav16(751, 1);

        var uploaded = await UploadAsync(silo, bytes, "03-01-05-01-01-01-12.wav", formSpeaker: "blob-speaker");
        var known = await UploadAsync(silo, bytes, "copy.wav", query: "?speaker=blob-speaker.2");

        Assert.Equal(("blob-speaker", uploaded.Id, "blob-speaker.2"), (uploaded.Speaker, known.Id, known.Speaker));
        var detail = await silo.WaitForAsync(async () =>
        {
            var d = await silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{uploaded.Id}", Ct);
            return d!.File.Status == FileStatus.Embedded ? d : null;
        }, TimeSpan.FromMinutes(2), "the upload to be embedded");
        Assert.Equal("blob-speaker.2", detail.File.Speaker); // processing leaves the speaker alone
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string?, string?)> LabelOfAsync(string id)
    {
        var file = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{id}", Ct))!.File;
        return (file.Label, file.LabelSource);
    }

    private static async Task<UploadedFile> UploadAsync(SiloProcess silo, byte[] bytes, string name, string query = "", string? formSpeaker = null, bool speakerFirst = true)
    {
        using var form = Form(bytes, name, formSpeaker, speakerFirst);
        var response = await silo.Client.PostAsync("/api/files" + query, form, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        return Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedFile>>(Ct))!);
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name, string? speaker, bool speakerFirst)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        if (speaker is not null && speakerFirst)
        {
            form.Add(new StringContent(speaker), "speaker");
        }

        form.Add(file, "file", name);
        if (speaker is not null && !speakerFirst)
        {
            form.Add(new StringContent(speaker), "speaker");
        }

        return form;
    }

    private static async Task<ProblemDocument> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDocument>(Ct))!;
    }

    private sealed record ProblemDocument(string? Title, int Status, string? Detail);

    public sealed class SiloFixture : IAsyncLifetime
    {
        public TempDataRoot Root { get; } = new();

        public SiloProcess Silo { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Silo = new SiloProcess(Root.Path);
            await Silo.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Silo.DisposeAsync();
            Root.Dispose();
        }
    }
}
