using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EmotionGrid.Audio;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.OnnxModels;

namespace EmotionGrid.Bench;

/// <summary>
/// Issue "Wav2Vec2 on ONNX Runtime": on the same real 16 kHz clips, same threads, one run: (1) bare ORT
/// throughput of a Wav2Vec2-base-sized model, (2) the whole silo pipeline (watch → bus → decode → resample →
/// embed → .npy → catalog) with the same model, (3) their ratio, (4) PyTorch eager (torchaudio
/// wav2vec2_base) and ORT/PyTorch; plus batched versus unbatched runs.
/// </summary>
public static class EmbedBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var clips = Option(args, "--clips", 24);
        var threads = Option(args, "--threads", Environment.ProcessorCount);
        var files = Directory.GetFiles(Path.Combine(BenchData.RavdessRoot(args), "16k"), "*.wav", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Where((_, i) => i % 24 == 0).Take(clips).ToArray();
        var frontEnd = new AudioFrontEnd();
        var audio = files.Select(f => frontEnd.Prepare(File.OpenRead(f)).Samples).ToArray();
        var seconds = audio.Sum(a => a.Length) / 16_000.0;
        var work = Directory.CreateTempSubdirectory("emotiongrid-embed-bench-").FullName;
        try
        {
            var model = ArgValue(args, "--model") ?? Path.Combine(work, "wav2vec2-base-random.onnx");
            if (!File.Exists(model))
            {
                await output.WriteLineAsync($"writing a Wav2Vec2-base-sized model (random weights) to {model} …");
                Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Base, seed: 1, withAttentionMask: false).WriteTo(model);
            }

            await output.WriteLineAsync($"{files.Length} real 16 kHz clips ({seconds:F1} s of audio), {threads} intra-op threads, CPU");
            var runtime = OnnxRuntime.Load();
            using var embedder = new Wav2Vec2Embedder(runtime, new Wav2Vec2Options { ModelPath = model, MaxBatchSize = 8 },
                new OnnxSessionOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = threads, AllowSpinning = false }); // as the silo runs it
            embedder.Embed(audio[0]);
            var bare = Throughput.Measure(seconds, () => { foreach (var clip in audio) embedder.Embed(clip); }, repetitions: 1);

            var equal = audio.Select(a => a[..Math.Min(a.Length, 48_000)]).Where(a => a.Length == 48_000).ToList();
            var equalSeconds = equal.Count * 3.0;
            var single = Throughput.Measure(equalSeconds, () => { foreach (var clip in equal) embedder.Embed(clip); }, repetitions: 1);
            var batched = Throughput.Measure(equalSeconds, () => embedder.EmbedBatch(equal), repetitions: 1);

            var pipeline = await PipelineAsync(files, seconds, model, threads, work, output);
            var torch = await TorchAsync(files, threads, work, output);

            await output.WriteLineAsync();
            await output.WriteLineAsync($"{"measure",-52} {"audio s / s",12} {"target",8}");
            await output.WriteLineAsync($"{"1. bare ORT Run (Wav2Vec2Embedder.Embed)",-52} {bare,12:F2}");
            await output.WriteLineAsync($"{"2. silo pipeline (watch → … → catalog)",-52} {pipeline,12:F2}");
            await output.WriteLineAsync($"{"3. pipeline / bare ORT",-52} {pipeline / bare,12:F2} {"≥ 0.9",8}");
            await output.WriteLineAsync($"{"4. PyTorch eager (torchaudio wav2vec2_base)",-52} {torch,12:F2}");
            await output.WriteLineAsync($"{"   ORT / PyTorch",-52} {bare / torch,12:F2} {"≥ 1.3",8}");
            await output.WriteLineAsync($"{"   batched (8 × 3 s) / unbatched, same clips",-52} {batched / single,12:F2}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The real silo (Release build) as a child process, one file at a time, same model and threads.</summary>
    private static async Task<double> PipelineAsync(string[] files, double seconds, string model, int threads, string work, TextWriter output)
    {
        var silo = Path.Combine(BenchData.RepoRoot(), "Silo", "bin", "Release", "net10.0", "EmotionGrid.Silo.dll");
        if (!File.Exists(silo))
        {
            await output.WriteLineAsync("building the silo (Release) …");
            using var build = Process.Start("dotnet", ["build", "-c", "Release", "-v", "q", Path.Combine(BenchData.RepoRoot(), "Silo")]);
            await build.WaitForExitAsync();
        }

        var root = Path.Combine(work, "silo");
        var port = 5400 + Random.Shared.Next(500);
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(silo);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["EmotionGrid__DataRoot"] = root;
        info.Environment["EmotionGrid__Embedding__Wav2Vec2__ModelPath"] = model;
        info.Environment["EmotionGrid__Onnx__ExecutionProvider"] = "cpu";
        info.Environment["EmotionGrid__Onnx__IntraOpThreads"] = threads.ToString(CultureInfo.InvariantCulture);
        // The silo's own default concurrency (one grain per core): decoding the next file overlaps the
        // current model run, while runs themselves are serialised so ORT's intra-op threads are not oversubscribed.
        info.Environment["EmotionGrid__Watcher__StableMilliseconds"] = "100";
        info.Environment["EmotionGrid__Watcher__RescanSeconds"] = "0.5";
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await UntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode);

            // Warm the silo's session as the bare measurement was warmed: one file first, untimed.
            // (synthetic: a copy of a timed clip would be a duplicate, recorded as an alias and not embedded).
            await using (var warm = File.Create(Path.Combine(root, "incoming", "warm-up.wav")))
            {
                await new SyntheticWavStream(3, 16_000, 1).CopyToAsync(warm);
            }

            await UntilAsync(async () => await EmbeddedAsync(http) == 1);
            var clock = Stopwatch.StartNew();
            foreach (var file in files)
            {
                File.Copy(file, Path.Combine(root, "incoming", Path.GetFileName(file)));
            }

            await UntilAsync(async () => await EmbeddedAsync(http) == files.Length + 1);
            return seconds / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<int> EmbeddedAsync(HttpClient http)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
        return status.RootElement.GetProperty("byStatus").GetProperty("embedded").GetInt32();
    }

    private static async Task<double> TorchAsync(string[] files, int threads, string work, TextWriter output)
    {
        var list = Path.Combine(work, "clips.txt");
        await File.WriteAllLinesAsync(list, files);
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(BenchData.RepoRoot(), "bench", "peers", "torch_wav2vec2.py"));
        info.ArgumentList.Add("--list");
        info.ArgumentList.Add(list);
        info.ArgumentList.Add("--threads");
        info.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        info.Environment["LD_LIBRARY_PATH"] = "/usr/lib/x86_64-linux-gnu/openblas-openmp";
        info.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        using var python = Process.Start(info)!;
        var text = await python.StandardOutput.ReadToEndAsync();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        if (python.ExitCode != 0)
        {
            await output.WriteLineAsync($"PyTorch peer failed (needs Debian python3-torch, python3-torchaudio, libopenblas0-openmp): {errors.Trim()}");
            return double.NaN;
        }

        using var result = JsonDocument.Parse(text.Trim().Split('\n')[^1]);
        return result.RootElement.GetProperty("audio_seconds").GetDouble() / result.RootElement.GetProperty("seconds").GetDouble();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the silo did not finish in 10 minutes");
            }

            await Task.Delay(100);
        }
    }

    private static int Option(string[] args, string name, int fallback) =>
        ArgValue(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
