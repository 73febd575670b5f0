using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmotionGrid.Audio;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.OnnxModels;

namespace EmotionGrid.Bench;

/// <summary>
/// Issue "Wav2Vec2 on ONNX Runtime": on the same real 16 kHz clips, same threads, one run: (1) bare ORT
/// throughput of a Wav2Vec2-base-sized model, (2) the whole silo pipeline (watch → grain → decode → resample →
/// embed → .npy → catalog) with the same model, (3) their ratio, (4) PyTorch eager (torchaudio
/// wav2vec2_base) and ORT/PyTorch; plus batched versus unbatched runs. Bare and pipeline alternate in rounds
/// on a warmed silo: on a shared machine a single pass of each drifted by ±15 % between runs.
/// </summary>
public static class EmbedBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var clips = Option(args, "--clips", 24);
        var rounds = Math.Clamp(Option(args, "--rounds", 4), 1, 20);
        var warmUp = Option(args, "--warm-up", 48);
        var threads = Option(args, "--threads", Environment.ProcessorCount);
        var all = Directory.GetFiles(Path.Combine(BenchData.RavdessRoot(args), "16k"), "*.wav", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToArray();

        // Round r takes every 24th clip from offset r (all actors, all emotions); the silo's warm-up takes
        // offsets 23, 22, …, so no timed clip was seen before (a duplicate would be recorded as an alias, not embedded).
        var roundFiles = Enumerable.Range(0, rounds).Select(r => all.Where((_, i) => i % 24 == r).Take(clips).ToArray()).ToArray();
        var warmFiles = all.Where((_, i) => i % 24 >= 20).OrderByDescending(f => Array.IndexOf(all, f) % 24).Take(warmUp).ToArray();
        var frontEnd = new AudioFrontEnd();
        var roundAudio = roundFiles.Select(set => set.Select(f => frontEnd.Prepare(File.OpenRead(f)).Samples).ToArray()).ToArray();
        var roundSeconds = roundAudio.Select(set => set.Sum(a => a.Length) / 16_000.0).ToArray();
        var work = Directory.CreateTempSubdirectory("emotiongrid-embed-bench-").FullName;
        try
        {
            var model = ArgValue(args, "--model") ?? Path.Combine(work, "wav2vec2-base-random.onnx");
            if (!File.Exists(model))
            {
                await output.WriteLineAsync($"writing a Wav2Vec2-base-sized model (random weights) to {model} …");
                Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Base, seed: 1, withAttentionMask: false).WriteTo(model);
            }

            await output.WriteLineAsync($"{rounds} rounds × {clips} real 16 kHz clips ({roundSeconds.Sum():F1} s of audio), {threads} intra-op threads, CPU; silo warmed with {warmFiles.Length} other clips");
            var runtime = OnnxRuntime.Load();
            using var embedder = new Wav2Vec2Embedder(runtime, new Wav2Vec2Options { ModelPath = model, MaxBatchSize = 8 },
                new OnnxSessionOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = threads, AllowSpinning = false }); // as the silo runs it
            embedder.Embed(roundAudio[0][0]);

            var equal = roundAudio[0].Select(a => a[..Math.Min(a.Length, 48_000)]).Where(a => a.Length == 48_000).ToList();
            var equalSeconds = equal.Count * 3.0;
            var single = Throughput.Measure(equalSeconds, () => { foreach (var clip in equal) embedder.Embed(clip); }, repetitions: 1);
            var batched = Throughput.Measure(equalSeconds, () => embedder.EmbedBatch(equal), repetitions: 1);

            await using var silo = await BenchSilo.StartAsync(Path.Combine(work, "silo"), SiloSettings(model, threads), output);
            await silo.ProcessAsync(warmFiles); // untimed: a long-running silo's JIT tiers and arenas have settled

            // Bare and pipeline take turns on the same clips (ABBA order), so drift on a shared machine hits both alike.
            var bare = new double[rounds];
            var pipeline = new double[rounds];
            for (var r = 0; r < rounds; r++)
            {
                var audio = roundAudio[r];
                double Bare() => Time(() => { foreach (var clip in audio) embedder.Embed(clip); });
                if (r % 2 == 0)
                {
                    bare[r] = Bare();
                    pipeline[r] = (await silo.ProcessAsync(roundFiles[r])).TotalSeconds;
                }
                else
                {
                    pipeline[r] = (await silo.ProcessAsync(roundFiles[r])).TotalSeconds;
                    bare[r] = Bare();
                }

                await output.WriteLineAsync($"  round {r + 1}: bare {roundSeconds[r] / bare[r],6:F2} × real time, pipeline {roundSeconds[r] / pipeline[r],6:F2} ×, ratio {bare[r] / pipeline[r]:F2}");
            }

            var torch = await TorchAsync(roundFiles.SelectMany(f => f).ToArray(), threads, work, output);
            var bareRate = roundSeconds.Sum() / bare.Sum();
            var pipelineRate = roundSeconds.Sum() / pipeline.Sum();
            var ratios = Enumerable.Range(0, rounds).Select(r => bare[r] / pipeline[r]).ToArray();

            await output.WriteLineAsync();
            await output.WriteLineAsync($"{"measure",-52} {"audio s / s",12} {"target",8}");
            await output.WriteLineAsync($"{"1. bare ORT Run (Wav2Vec2Embedder.Embed)",-52} {bareRate,12:F2}");
            await output.WriteLineAsync($"{"2. silo pipeline (watch → … → catalog)",-52} {pipelineRate,12:F2}");
            await output.WriteLineAsync($"{"3. pipeline / bare ORT",-52} {pipelineRate / bareRate,12:F2} {"≥ 0.9",8}");
            await output.WriteLineAsync($"{"   per round",-52} {ratios.Min(),5:F2} – {ratios.Max():F2}");
            await output.WriteLineAsync($"{"4. PyTorch eager (torchaudio wav2vec2_base)",-52} {torch,12:F2}");
            await output.WriteLineAsync($"{"   ORT / PyTorch",-52} {bareRate / torch,12:F2} {"≥ 1.3",8}");
            await output.WriteLineAsync($"{"   batched (8 × 3 s) / unbatched, same clips",-52} {batched / single,12:F2}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The silo as deployed, on the bench's model and thread count; a short watcher settle time for the burst.</summary>
    private static Dictionary<string, string> SiloSettings(string model, int threads) => new()
    {
        ["EmotionGrid__Embedding__Wav2Vec2__ModelPath"] = model,
        ["EmotionGrid__Onnx__ExecutionProvider"] = "cpu",
        ["EmotionGrid__Onnx__IntraOpThreads"] = threads.ToString(CultureInfo.InvariantCulture),
        ["EmotionGrid__Watcher__StableMilliseconds"] = "100",
        ["EmotionGrid__Watcher__RescanSeconds"] = "0.5",
    };

    private static double Time(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalSeconds;
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

    private static int Option(string[] args, string name, int fallback) =>
        ArgValue(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
