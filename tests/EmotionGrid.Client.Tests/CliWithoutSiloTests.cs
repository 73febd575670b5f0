using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmotionGrid.Client.Output;
using EmotionGrid.Client.Tests.Support;
using EmotionGrid.Testing;

namespace EmotionGrid.Client.Tests;

/// <summary>Usage errors, missing paths, an unreachable server and a small fake server for headers and problem JSON.</summary>
public sealed class CliWithoutSiloTests
{
    [Fact]
    public async Task An_unreachable_server_exits_2_with_cannot_reach()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        foreach (var args in new[] { new[] { "status" }, ["files"], ["export-vectors", Path.GetTempPath()], ["models"], ["train", "--wait"], ["activate", "1"] })
        {
            var run = await Cli.RunAsync([.. args, "--server", url]);
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.StartsWith($"emotiongrid: cannot reach the EmotionGrid server at {url}: ", run.Error);
            Assert.Equal(1, run.Error.Count(c => c == '\n'));
            Assert.Equal("", run.Output);
        }
    }

    [Fact]
    public async Task Submit_to_an_unreachable_server_exits_2()
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "a.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        var url = $"http://127.0.0.1:{FreePort()}";

        var run = await Cli.RunAsync("submit", wav, "--server", url);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"cannot reach the EmotionGrid server at {url}", run.Error);
    }

    [Fact]
    public async Task A_missing_path_exits_1_before_anything_is_uploaded()
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "a.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        var missing = Path.Combine(root.Path, "no-such-folder");

        // The server is unreachable on purpose: paths are checked before any request.
        var run = await Cli.RunAsync("submit", wav, missing, "--server", $"http://127.0.0.1:{FreePort()}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal($"emotiongrid: no such file or folder: '{missing}'; nothing was submitted\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_folder_without_wav_files_exits_1()
    {
        using var root = new TempDataRoot();
        File.WriteAllText(Path.Combine(root.Path, "readme.txt"), "x");

        var run = await Cli.RunAsync("submit", root.Path, "--server", $"http://127.0.0.1:{FreePort()}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("no .wav files found in", run.Error);
    }

    [Fact]
    public async Task Predict_and_label_of_a_missing_file_exit_1_before_any_request()
    {
        using var root = new TempDataRoot();
        var url = $"http://127.0.0.1:{FreePort()}";
        foreach (var command in new[] { "predict", "label" })
        {
            var missing = Path.Combine(root.Path, "absent." + (command == "label" ? "csv" : "wav"));

            var run = await Cli.RunAsync(command, missing, "--server", url);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Equal($"emotiongrid: no such file: '{missing}'\n", run.Error.ReplaceLineEndings("\n"));

            var folder = await Cli.RunAsync(command, root.Path, "--server", url);
            Assert.True(folder.ExitCode == 1, folder.ToString());
            Assert.Contains("is a folder", folder.Error);
        }
    }

    [Fact]
    public void The_confusion_matrix_is_right_aligned_with_rows_true_and_columns_predicted()
    {
        var metrics = new EmotionGrid.Contracts.Models.ModelMetrics(
            0.5, 0.5, 0.25, ["calm", "happy"], [], [[12, 3], [100, 7]], 2, 122, 0, 2, null, null);
        using var writer = new StringWriter();

        EmotionGrid.Client.Commands.TrainCommand.ConfusionTable(metrics).WritePlain(writer);

        Assert.Equal(
            "       calm  happy\n" +
            "calm     12      3\n" +
            "happy   100      7\n",
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [InlineData("Required command was not provided", "--json")]
    [InlineData("Required argument missing", "submit")]
    [InlineData("Argument 'bogus' not recognized", "files", "--status", "bogus")]
    [InlineData("--limit must be 0 (all) or more", "files", "--limit", "-1")]
    [InlineData("is not an http(s) URL", "status", "--server", "ftp://example.org")]
    [InlineData("Required argument missing", "predict")]
    [InlineData("Required argument missing", "label")]
    [InlineData("Cannot parse argument 'latest'", "activate", "latest")]
    [InlineData("--timeout must be 0 or more seconds", "train", "--wait", "--timeout", "-5")]
    [InlineData("Unrecognized command or argument 'extra'", "models", "extra")]
    public async Task Bad_usage_exits_2_with_a_message_on_stderr(string message, params string[] args)
    {
        var run = await Cli.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error);
        Assert.StartsWith("emotiongrid: ", run.Error);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var run = await Cli.RunAsync("--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var text in new[] { "submit", "status", "files", "export-vectors", "predict", "label", "train", "models", "activate", "--server", "--api-key", "--json" })
        {
            Assert.Contains(text, run.Output);
        }
    }

    [Fact]
    public async Task The_api_key_is_sent_and_a_problem_detail_becomes_the_error_message()
    {
        using var server = new FakeServer(
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad request","status":400,"detail":"the catalog is on fire"}""");

        var run = await Cli.RunAsync("status", "--server", server.Url, "--api-key", "k-123");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("emotiongrid: the server refused the request: the catalog is on fire\n", run.Error.ReplaceLineEndings("\n"));
        Assert.Equal("k-123", server.ApiKey);
        Assert.Equal("/api/status", server.Path);
    }

    [Fact]
    public async Task No_api_key_header_without_the_option_and_the_environment_names_the_default_server()
    {
        using var server = new FakeServer(null, """{"total":3,"byStatus":{"queued":1,"processing":0,"embedded":2,"failed":0},"embedder":"fake-v1"}""");

        var run = await Cli.RunAsync("status", "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Null(server.ApiKey);
        Assert.Matches(@"(?m)^embedded\s+2$", run.Output);
        Assert.Matches(@"(?m)^embedder\s+fake-v1$", run.Output);
    }

    [Fact]
    public async Task Status_says_which_ONNX_Runtime_build_and_provider_embed_and_how_clips_are_batched()
    {
        using var server = new FakeServer(null, """
            {"total":1,"byStatus":{"embedded":1},"embedder":"wav2vec2-0123456789ab",
             "embedderRuntime":{"id":"wav2vec2-0123456789ab","dimension":768,"onnxRuntime":"1.31.1","onnxRuntimePackage":"Microsoft.ML.OnnxRuntime",
               "executionProvider":"cpu","providerReason":"CUDA unavailable: not enabled; using CPU","precision":"float32",
               "maxBatch":8,"maxBatchSeconds":160,"maxWaitMilliseconds":5,"runs":3,"clips":12,"paddingFraction":0.25}}
            """);

        var run = await Cli.RunAsync("status", "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"(?m)^onnx runtime\s+1\.31\.1 \(Microsoft\.ML\.OnnxRuntime\), float32$", run.Output);
        Assert.Matches(@"(?m)^provider\s+cpu: CUDA unavailable: not enabled; using CPU$", run.Output);
        Assert.Matches(@"(?m)^batching\s+up to 8 clips / 160 s per run, wait 5 ms; 12 clips in 3 runs, 25 % padding$", run.Output);
    }

    /// <summary>A <c>POST /api/predict</c> answer for a 2.5 s clip; <paramref name="transcript"/> is the JSON of its transcript.</summary>
    private static string Prediction(string transcript) => $$"""
        {"emotion":"angry","confidence":0.8,"probabilities":{"angry":0.8,"calm":0.2},"modelVersion":3,"embedder":"acoustic-v1",
         "durationSeconds":2.5,"segments":null,"fileId":null,"transcript":{{transcript}}}
        """;

    [Fact]
    public async Task Predict_prints_what_was_said_before_the_emotion_and_json_keeps_the_words()
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "door.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        var body = Prediction("""
            {"text":"kids are talking by the door","confidence":0.72,"transcriber":"pocketsphinx-en-us",
             "words":[{"word":"kids","startSeconds":0.1,"endSeconds":0.4,"confidence":0.9},{"word":"door","startSeconds":1.6,"endSeconds":2.0,"confidence":0.6}]}
            """);

        using (var server = new FakeServer(null, body))
        {
            var run = await Cli.RunAsync("predict", wav, "--server", server.Url);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("/api/predict", server.Path);
            var lines = run.Output.ReplaceLineEndings("\n").Split('\n');
            Assert.Equal(
                ["file        door.wav", "text        kids are talking by the door", "emotion     angry", "confidence  80.0 %", "model       v3"],
                lines[..5]);
        }

        using (var server = new FakeServer(null, body))
        {
            var json = await Cli.RunAsync("predict", wav, "--json", "--server", server.Url);

            Assert.True(json.ExitCode == 0, json.ToString());
            using var doc = JsonDocument.Parse(json.Output);
            var transcript = doc.RootElement.GetProperty("transcript");
            Assert.Equal("kids are talking by the door", transcript.GetProperty("text").GetString());
            Assert.Equal(0.72, transcript.GetProperty("confidence").GetDouble());
            Assert.Equal(["kids", "door"], transcript.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("word").GetString()));
            Assert.Equal(1.6, transcript.GetProperty("words")[1].GetProperty("startSeconds").GetDouble());
            Assert.Equal("pocketsphinx-en-us", transcript.GetProperty("transcriber").GetString());
        }
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("""{"text":" ","confidence":0,"words":[],"transcriber":"pocketsphinx-en-us"}""", "text        (no words recognised)")]
    public async Task Predict_without_a_transcript_prints_no_text_line(string transcript, string? textLine)
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "quiet.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        using var server = new FakeServer(null, Prediction(transcript));

        var run = await Cli.RunAsync("predict", wav, "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.ReplaceLineEndings("\n").Split('\n');
        string[] head = textLine is null ? ["file        quiet.wav", "emotion     angry"] : ["file        quiet.wav", textLine, "emotion     angry"];
        Assert.Equal(head, lines[..head.Length]);
        Assert.Equal(textLine is null ? 0 : 1, lines.Count(l => l.StartsWith("text", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Predict_with_a_speaker_sends_it_as_a_form_field_and_prints_the_speaker_and_the_normalisation()
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "who.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        using var server = new FakeServer(null, """
            {"emotion":"sad","confidence":0.7,"probabilities":{"sad":0.7,"calm":0.3},"modelVersion":2,"embedder":"acoustic-v1",
             "durationSeconds":1,"speaker":"ravdess-03","normalisation":"speaker"}
            """);

        var run = await Cli.RunAsync("predict", wav, "--speaker", "ravdess-03", "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("/api/predict", server.Path);
        Assert.Matches("(?s)name=\"?speaker\"?.*?\r\n\r\nravdess-03\r\n--.*name=\"?file\"?", server.Body); // the field, then the clip
        Assert.Matches(@"(?m)^speaker\s+ravdess-03$", run.Output);
        Assert.Matches(@"(?m)^normalisation\s+speaker$", run.Output);
    }

    [Fact]
    public async Task Predict_without_a_speaker_sends_no_speaker_field()
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "anyone.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        using var server = new FakeServer(null, """
            {"emotion":"calm","confidence":0.6,"probabilities":{"calm":0.6,"sad":0.4},"modelVersion":1,"embedder":"acoustic-v1","durationSeconds":1,"normalisation":"global"}
            """);

        var run = await Cli.RunAsync("predict", wav, "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("speaker", server.Body, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^speaker\s", run.Output);
        Assert.Matches(@"(?m)^normalisation\s+global$", run.Output);
    }

    [Fact]
    public async Task The_speaker_command_puts_the_speaker_and_a_refusal_exits_1_with_the_reason()
    {
        var id = new string('a', 64);
        using (var server = new FakeServer(null, $$"""
            {"id":"{{id}}","name":"a.wav","status":"embedded","sizeBytes":10,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","speaker":"Spk.1"}
            """))
        {
            var run = await Cli.RunAsync("speaker", id, "Spk.1", "--server", server.Url);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(("PUT", $"/api/files/{id}/speaker"), (server.Method, server.Path));
            Assert.Equal("Spk.1", JsonDocument.Parse(server.Body!).RootElement.GetProperty("speaker").GetString());
            Assert.Matches(@"(?m)^speaker\s+Spk\.1$", run.Output);
        }

        using (var server = new FakeServer("""{"status":400,"title":"Bad request","detail":"the speaker 'a b' has a space: use only letters"}"""))
        {
            var refused = await Cli.RunAsync("speaker", id, "a b", "--server", server.Url);

            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("has a space", refused.Error);
        }
    }

    [Fact]
    public async Task Predict_without_the_transcript_field_at_all_prints_no_text_line()
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "old.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        using var server = new FakeServer(null, """
            {"emotion":"calm","confidence":0.6,"probabilities":{"calm":0.6,"sad":0.4},"modelVersion":1,"embedder":"acoustic-v1","durationSeconds":1}
            """);

        var run = await Cli.RunAsync("predict", wav, "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("file        old.wav\nemotion     calm\n", run.Output.ReplaceLineEndings("\n"));
        Assert.DoesNotMatch("(?m)^text", run.Output);
    }

    [Fact]
    public async Task Predict_of_a_long_clip_prints_each_segment_with_its_text()
    {
        using var root = new TempDataRoot();
        var wav = Path.Combine(root.Path, "long.wav");
        File.WriteAllBytes(wav, SineWav.Wav16(440, 1));
        using var server = new FakeServer(null, """
            {"emotion":"calm","confidence":0.6,"probabilities":{"angry":0.4,"calm":0.6},"modelVersion":3,"embedder":"acoustic-v1","durationSeconds":28.5,
             "segments":[
              {"index":0,"startSeconds":0,"endSeconds":10,"emotion":"angry","confidence":0.8,"probabilities":{"angry":0.8,"calm":0.2},"text":"kids are talking\nby the door"},
              {"index":1,"startSeconds":9,"endSeconds":19,"emotion":"calm","confidence":0.6,"probabilities":{"angry":0.4,"calm":0.6},"text":null},
              {"index":2,"startSeconds":18.5,"endSeconds":28.5,"emotion":"calm","confidence":0.7,"probabilities":{"angry":0.3,"calm":0.7},"text":"dogs are sitting by the door"}],
             "transcript":{"text":"kids are talking by the door dogs are sitting by the door","confidence":0.7,"words":[],"transcriber":"pocketsphinx-en-us"}}
            """);

        var run = await Cli.RunAsync("predict", wav, "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"(?m)^text\s+kids are talking by the door dogs are sitting by the door$", run.Output);
        Assert.Matches(@"(?m)^timeline \(3 segments\):$", run.Output);
        Assert.Matches(@"(?m)^segment\s+from\s+to\s+emotion\s+confidence\s+text$", run.Output);
        Assert.Matches(@"(?m)^0\s+0:00\s+0:10\s+angry\s+80\.0 %\s+kids are talking by the door$", run.Output);
        Assert.Matches(@"(?m)^1\s+0:09\s+0:19\s+calm\s+60\.0 %$", run.Output);
        Assert.Matches(@"(?m)^2\s+0:18\.5\s+0:28\.5\s+calm\s+70\.0 %\s+dogs are sitting by the door$", run.Output);
    }

    [Fact]
    public async Task Files_shows_what_was_said_cut_to_40_characters_and_nothing_without_a_transcript()
    {
        const string said = "kids are talking by the door and the dogs are sitting by the door";
        using var server = new FakeServer(null, $$"""
            {"items":[
              {"id":"aa","name":"door.wav","status":"embedded","sizeBytes":1,"durationSeconds":3.5,"embedder":"acoustic-v1",
               "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z","transcriptText":"{{said}}"},
              {"id":"bb","name":"short.wav","status":"embedded","sizeBytes":1,"durationSeconds":1,"embedder":"acoustic-v1",
               "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z","transcriptText":"hello"},
              {"id":"cc","name":"tone.wav","status":"embedded","sizeBytes":1,"durationSeconds":1,"embedder":"acoustic-v1",
               "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z","transcriptText":null}],
             "total":3,"page":1,"pageSize":50}
            """);

        var run = await Cli.RunAsync("files", "--server", server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^name\s+status\s+duration\s+embedder\s+error\s+text$", lines[0]);
        var cut = said[..39].TrimEnd() + "…";
        Assert.Equal(40, cut.Length);
        Assert.Matches($@"^door\.wav\s+embedded\s+3\.50 s\s+acoustic-v1\s+{Regex.Escape(cut)}$", lines[1]);
        Assert.Matches(@"^short\.wav\s+embedded\s+1\.00 s\s+acoustic-v1\s+hello$", lines[2]);
        Assert.Matches(@"^tone\.wav\s+embedded\s+1\.00 s\s+acoustic-v1$", lines[3]);
        Assert.Equal("3 files", lines[4]);

        // No file with words (transcription off): the table is exactly as before.
        using var without = new FakeServer(null, """
            {"items":[{"id":"cc","name":"tone.wav","status":"embedded","sizeBytes":1,"durationSeconds":1,"embedder":"acoustic-v1",
                       "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z"}],
             "total":1,"page":1,"pageSize":50}
            """);
        var plain = await Cli.RunAsync("files", "--server", without.Url);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal("name      status    duration  embedder     error\ntone.wav  embedded  1.00 s    acoustic-v1\n1 file\n", plain.Output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("  ", "")]
    [InlineData("one\ntwo", "one two")]
    [InlineData("kids are talking", "kids are…")]
    [InlineData("exactly 10", "exactly 10")]
    public void Transcripts_are_cut_to_one_line_of_the_width_with_an_ellipsis(string? text, string expected) =>
        Assert.Equal(expected, EmotionGrid.Client.Commands.FilesCommand.Shorten(text, 10));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" edge", "\" edge\"")]
    [InlineData(null, "")]
    public void Csv_fields_are_quoted_only_when_needed(string? field, string expected) =>
        Assert.Equal(expected, CsvWriter.Escape(field));

    [Fact]
    public void Csv_round_trips_through_an_independent_parser()
    {
        using var writer = new StringWriter();
        string[] fields = ["id", "a, \"b\"", "line\r\nbreak", "", " x "];
        CsvWriter.WriteRow(writer, fields);
        CsvWriter.WriteRow(writer, ["1", "2", "3", "4", "5"]);

        var rows = Formats.ParseCsv(writer.ToString());

        Assert.Equal(2, rows.Count);
        Assert.Equal(fields, rows[0]);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Answers one request with a canned problem (400) or JSON (200) and records what it was sent.</summary>
    private sealed class FakeServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public FakeServer(string? problem, string? json = null)
        {
            Url = $"http://127.0.0.1:{FreePort()}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                var context = await _listener.GetContextAsync();
                // Read the whole request (an upload for predict) before answering, as a real server does.
                using var request = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(request);
                Body = Encoding.Latin1.GetString(request.ToArray());
                Method = context.Request.HttpMethod;
                ApiKey = context.Request.Headers["X-Api-Key"];
                Path = context.Request.Url?.AbsolutePath;
                var body = Encoding.UTF8.GetBytes(problem ?? json ?? "{}");
                context.Response.StatusCode = problem is null ? 200 : 400;
                context.Response.ContentType = problem is null ? "application/json" : "application/problem+json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            });
        }

        public string Url { get; }

        public string? ApiKey { get; private set; }

        public string? Path { get; private set; }

        public string? Method { get; private set; }

        /// <summary>The request body as Latin-1 text (multipart headers and fields are readable in it).</summary>
        public string? Body { get; private set; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _ = _serving.Exception;
        }
    }
}
