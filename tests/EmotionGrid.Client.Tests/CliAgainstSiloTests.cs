using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmotionGrid.Client.Tests.Support;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Testing;

namespace EmotionGrid.Client.Tests;

/// <summary>
/// The CLI run in-process against one real silo. Tests of a class run one after another, so the shared
/// silo's catalog only grows; each test uses content of its own and checks against what the server reports.
/// </summary>
public sealed class CliAgainstSiloTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly TempDataRoot _work = new();

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Submit_of_a_folder_with_a_bad_file_embeds_the_rest_names_the_failure_and_exits_1()
    {
        var sources = TestData.RavdessFiles("16k/Actor_05").Take(7).ToArray();
        var folder = _work.Folder("batch");
        Directory.CreateDirectory(Path.Combine(folder, "nested", "deeper"));
        for (var i = 0; i < 6; i++)
        {
            var target = i % 2 == 0 ? folder : Path.Combine(folder, "nested", i == 5 ? "deeper" : "");
            File.Copy(sources[i], Path.Combine(target, Path.GetFileName(sources[i])));
        }

        // Upper-case extension: found too. A .txt beside them: ignored.
        File.Copy(sources[6], Path.Combine(folder, "nested", "SHOUTED.WAV"));
        File.WriteAllText(Path.Combine(folder, "bad.wav"), "this is a text file, not audio");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not submitted");

        var run = await Cli.RunAsync("submit", folder, "--server", fixture.Url);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("7 embedded, 1 failed", run.Output);
        Assert.Contains("failed: bad.wav: not a WAV file", run.Output);
        Assert.Contains("embedded  SHOUTED.WAV", run.Output);
        foreach (var source in sources)
        {
            var detail = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{Sha256(source)}"))!;
            Assert.Equal(FileStatus.Embedded, detail.File.Status);
        }

        Assert.Equal(0, (await Silo.FilesAsync("q=notes")).Total);
        var bad = Assert.Single((await Silo.FilesAsync("q=bad.wav")).Items, i => i.Name == "bad.wav");
        Assert.Equal(FileStatus.Failed, bad.Status);
    }

    [Fact]
    public async Task Submit_of_good_files_exits_0_and_json_reports_each_file()
    {
        var sources = TestData.RavdessFiles("16k/Actor_05").Skip(8).Take(2).ToArray();

        var run = await Cli.RunAsync("submit", sources[0], sources[1], "--server", fixture.Url, "--json", "--api-key", "secret");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetProperty("submitted").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("embedded").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("failed").GetInt32());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(sources.Select(Sha256), files.Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(sources.Select(Path.GetFileName), files.Select(f => f.GetProperty("name").GetString()));
        Assert.All(files, f => Assert.Equal(FileStatus.Embedded, f.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Submit_without_waiting_returns_the_ids_at_once()
    {
        var path = Wav("no-wait.wav", 611);

        var run = await Cli.RunAsync("submit", "--no-wait", path, "--server", fixture.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 submitted, 0 refused", run.Output);
        Assert.Contains(Sha256(path), run.Output);
        await Silo.WaitUntilAsync(async () => (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{Sha256(path)}"))!.File.Status == FileStatus.Embedded,
            TimeSpan.FromMinutes(1), "the no-wait file to be embedded");
    }

    [Fact]
    public async Task Status_shows_the_counts_and_the_embedder_as_text_and_json()
    {
        await SubmitAsync(Wav("status-a.wav", 621), Text("status-bad.wav", "status test: not audio"));
        var server = await Silo.StatusAsync();

        var text = await Cli.RunAsync("status", "--server", fixture.Url);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches($@"(?m)^total\s+{server.Total}$", text.Output);
        Assert.Matches($@"(?m)^embedded\s+{server.ByStatus[FileStatus.Embedded]}$", text.Output);
        Assert.Matches($@"(?m)^failed\s+{server.ByStatus[FileStatus.Failed]}$", text.Output);
        Assert.Matches($@"(?m)^embedder\s+{server.Embedder}$", text.Output);

        var json = await Cli.RunAsync("status", "--json", "--server", fixture.Url);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(server.Total, doc.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(server.Embedder, doc.RootElement.GetProperty("embedder").GetString());
        Assert.Equal(server.ByStatus[FileStatus.Failed], doc.RootElement.GetProperty("byStatus").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Files_lists_names_statuses_and_errors_and_pages_through_the_api()
    {
        await SubmitAsync(Wav("listing-one.wav", 631), Wav("listing-two.wav", 632), Wav("listing-three.wav", 633), Text("listing-bad.wav", "listing: not audio"));

        var table = await Cli.RunAsync("files", "--query", "listing-", "--server", fixture.Url);
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^name\s+status\s+duration\s+embedder\s+error$", lines[0]);
        Assert.Matches(@"(?m)^listing-one\.wav\s+embedded\s+1\.00 s\s+\S+", table.Output);
        Assert.Matches(@"(?m)^listing-bad\.wav\s+failed\s+.*not a WAV file", table.Output);
        Assert.Contains("4 files", table.Output);

        var failedOnly = await Cli.RunAsync("files", "--query", "listing-", "--status", "failed", "--server", fixture.Url);
        Assert.Contains("listing-bad.wav", failedOnly.Output);
        Assert.DoesNotContain("listing-one.wav", failedOnly.Output);

        var limited = await Cli.RunAsync("files", "-q", "listing-", "--limit", "2", "--server", fixture.Url);
        Assert.Contains("2 of 4 files", limited.Output);

        // Pages of 2 from the API: every file exactly once.
        var all = await Cli.RunAsync(maxPageSize: 2, "files", "--limit", "0", "--json", "--server", fixture.Url);
        Assert.True(all.ExitCode == 0, all.ToString());
        using var doc = JsonDocument.Parse(all.Output);
        var ids = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        var total = (await Silo.StatusAsync()).Total;
        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        Assert.Equal(total, doc.RootElement.GetProperty("total").GetInt32());
        Assert.True(total > 2);
    }

    [Fact]
    public async Task Export_vectors_writes_one_npy_per_embedded_file_and_a_quoted_csv()
    {
        var special = Wav("export, with \"comma\" é.wav", 641);
        await SubmitAsync(special, Wav("export-plain.wav", 642), Text("export-bad.wav", "export: not audio"));
        var embedded = await Silo.FilesAsync("status=embedded&pageSize=500");
        var target = _work.Folder("export");

        var run = await Cli.RunAsync(maxPageSize: 3, "export-vectors", target, "--server", fixture.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"exported {embedded.Total} vectors", run.Output);
        var npys = Directory.GetFiles(target, "*.npy");
        Assert.Equal(embedded.Items.Select(i => i.Id + ".npy").Order(), npys.Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(target, ".*"));
        foreach (var npy in npys)
        {
            var id = Path.GetFileNameWithoutExtension(npy);
            var detail = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{id}"))!;
            Assert.Equal(detail.VectorDimension, Formats.NpyFloat32Length(File.ReadAllBytes(npy)));
        }

        var rows = Formats.ParseCsv(File.ReadAllText(Path.Combine(target, "files.csv")));
        Assert.Equal(["id", "name", "status", "embedder", "emotion", "confidence", "model_version"], rows[0]);
        Assert.Equal(embedded.Total, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal(7, r.Length));
        var byId = rows.Skip(1).ToDictionary(r => r[0]);
        foreach (var item in embedded.Items)
        {
            Assert.Equal(item.Name, byId[item.Id][1]);
            Assert.Equal("embedded", byId[item.Id][2]);
            Assert.Equal(item.Embedder, byId[item.Id][3]);
        }

        // The comma and the non-ASCII letter survive the upload (filename*) and the CSV (quoting); the gateway's own name rules apply to the quotes.
        Assert.Matches("^export, with .comma. é\\.wav$", byId[Sha256(special)][1]);
        Assert.DoesNotContain(rows, r => r[1] == "export-bad.wav");

        var json = await Cli.RunAsync("export-vectors", target, "--json", "--server", fixture.Url);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(embedded.Total, doc.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Predict_without_a_model_exits_1_and_says_to_train_first()
    {
        var clip = Wav("predict-early.wav", 651);

        var run = await Cli.RunAsync("predict", clip, "--server", fixture.Url);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("emotiongrid: no model has been trained yet", run.Error);
        Assert.Contains("train", run.Error);
        Assert.Equal(1, run.Error.Count(c => c == '\n'));
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Label_applies_a_csv_by_name_lists_unknown_names_and_a_bad_csv_exits_1()
    {
        // Emotions outside the label set are kept on the files (and never trained on).
        await SubmitAsync(Wav("label-first.wav", 661), Wav("label, second.wav", 662));
        var csv = Path.Combine(_work.Path, "labels.csv");
        File.WriteAllText(csv, "name,emotion,speaker\nlabel-first.wav,Surprised,\n\"label, second.wav\",fearful,spk-7\nno-such-clip.wav,calm,\nnor-this.wav,sad,\n");

        var run = await Cli.RunAsync("label", csv, "--server", fixture.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Error);
        Assert.Contains("applied 2 labels", run.Output);
        Assert.Contains("2 unknown", run.Output);
        Assert.Matches(@"(?m)^  no-such-clip\.wav$", run.Output);
        Assert.Matches(@"(?m)^  nor-this\.wav$", run.Output);
        var first = Assert.Single((await Silo.FilesAsync("q=label-first")).Items);
        Assert.Equal(("surprised", LabelSource.Csv), (first.Label, first.LabelSource));
        var second = Assert.Single((await Silo.FilesAsync("q=" + Uri.EscapeDataString("label, second"))).Items);
        Assert.Equal(("fearful", LabelSource.Csv, "spk-7"), (second.Label, second.LabelSource, second.Speaker));

        var json = await Cli.RunAsync("label", csv, "--json", "--server", fixture.Url);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(2, doc.RootElement.GetProperty("applied").GetInt32());
        Assert.Equal(["no-such-clip.wav", "nor-this.wav"], doc.RootElement.GetProperty("unknown").EnumerateArray().Select(u => u.GetString()));

        var bad = Path.Combine(_work.Path, "bad.csv");
        File.WriteAllText(bad, "file,mood\nlabel-first.wav,happy\n");
        var refused = await Cli.RunAsync("label", bad, "--server", fixture.Url);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.StartsWith("emotiongrid: bad.csv: labels CSV: the CSV header must name 'emotion'", refused.Error);
        Assert.Equal(1, refused.Error.Count(c => c == '\n'));

        var missing = await Cli.RunAsync("label", Path.Combine(_work.Path, "absent.csv"), "--server", fixture.Url);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("no such file", missing.Error);
    }

    [Fact]
    public async Task Submit_with_a_speaker_records_it_files_lists_it_and_the_speaker_command_changes_it()
    {
        var a = Wav("speaker-one.wav", 671);
        var b = Wav("speaker-two.wav", 672);

        var run = await Cli.RunAsync("submit", a, b, "--speaker", "Cli.Spk-1", "--server", fixture.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var path in new[] { a, b })
        {
            var detail = (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{Sha256(path)}"))!;
            Assert.Equal("Cli.Spk-1", detail.File.Speaker);
        }

        var table = await Cli.RunAsync("files", "--query", "speaker-", "--server", fixture.Url);
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Matches(@"^name\s+speaker\s+status\s+duration\s+embedder\s+error$", lines[0]);
        Assert.Matches(@"^speaker-(one|two)\.wav\s+Cli\.Spk-1\s+embedded\s", lines[1]);

        var changed = await Cli.RunAsync("speaker", Sha256(a), "Other_2", "--server", fixture.Url);
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Matches(@"(?m)^speaker\s+Other_2$", changed.Output);
        Assert.Equal("Other_2", (await Silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{Sha256(a)}"))!.File.Speaker);

        var refused = await Cli.RunAsync("submit", Wav("speaker-bad.wav", 673), "--speaker", "not/ok", "--server", fixture.Url);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("failed: speaker-bad.wav: upload refused: the speaker 'not/ok' has the character '/'", refused.Output);
        Assert.Equal(0, (await Silo.FilesAsync("q=speaker-bad")).Total);
    }

    public void Dispose() => _work.Dispose();

    private async Task<CliRun> SubmitAsync(params string[] paths)
    {
        var run = await Cli.RunAsync(["submit", .. paths, "--server", fixture.Url]);
        Assert.True(run.ExitCode is 0 or 1 && !run.Output.Contains("not finished", StringComparison.Ordinal), run.ToString());
        return run;
    }

    private string Wav(string name, double frequency)
    {
        Directory.CreateDirectory(_work.Folder("generated"));
        var path = Path.Combine(_work.Folder("generated"), name);
        File.WriteAllBytes(path, SineWav.Wav16(frequency, seconds: 1));
        return path;
    }

    private string Text(string name, string content)
    {
        Directory.CreateDirectory(_work.Folder("generated"));
        var path = Path.Combine(_work.Folder("generated"), name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
