using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Batching;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.OnnxModels;

namespace EmotionGrid.Bench;

/// <summary>
/// Issue "Wav2Vec2 on the official ONNX Runtime package": on the same real 16 kHz clips, one run: (1) bare ORT throughput
/// of a Wav2Vec2-base-sized model at each batch size (clips grouped by length, the batcher's way), (2) the same clips
/// through the dynamic batcher as concurrent single-clip requests, (3) the whole silo pipeline (watch → grain → decode
/// → resample → embed → .npy → catalog) at a batch size beside bare ORT at that size, (4) PyTorch eager (torchaudio
/// wav2vec2_base, CPU only). Bare and pipeline alternate in rounds on a warmed silo: on a shared machine a single
/// pass of each drifted by ±15 % between runs.
/// </summary>
public static class EmbedBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var provider = OnnxSessionOptions.ParseExecutionProvider(ArgValue(args, "--provider") ?? "cpu");
        var cuda = provider != OnnxExecutionProvider.Cpu;
        var clips = Option(args, "--clips", cuda ? 96 : 24);
        var rounds = Math.Clamp(Option(args, "--rounds", 4), 1, 20);
        var warmUp = Option(args, "--warm-up", 48);
        var threads = Option(args, "--threads", Environment.ProcessorCount);
        var precision = args.Contains("--fp16") ? Wav2Vec2Precision.Float16 : Wav2Vec2Precision.Float32;
        var batches = (ArgValue(args, "--batches") ?? (cuda ? "1,8,32" : "1,8")).Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        var pipelineBatches = ArgValue(args, "--pipeline-batches") is { } chosen
            ? chosen.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray()
            : cuda ? batches : [1];
        var all = Directory.GetFiles(Path.Combine(BenchData.RavdessRoot(args), "16k"), "*.wav", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToArray();

        // Round r takes every 24th clip from offset r (all actors, all emotions); each silo's warm-up takes offsets
        // 23, 22, …, so no timed clip was seen before (a duplicate would be recorded as an alias, not embedded).
        var roundFiles = Enumerable.Range(0, rounds).Select(r => all.Where((_, i) => i % 24 == r).Take(clips).ToArray()).ToArray();
        var warmFiles = all.Where((_, i) => i % 24 >= 20).OrderByDescending(f => Array.IndexOf(all, f) % 24).Take(warmUp).ToArray();
        var frontEnd = new AudioFrontEnd();
        var roundAudio = roundFiles.Select(set => set.Select(f => frontEnd.Prepare(File.OpenRead(f)).Samples).ToArray()).ToArray();
        var roundSeconds = roundAudio.Select(set => set.Sum(a => a.Length) / 16_000.0).ToArray();
        var work = Directory.CreateTempSubdirectory("emotiongrid-embed-bench-").FullName;
        try
        {
            // With an attention mask, clips of different lengths can share a run (a base export without one only
            // batches equal lengths, which real clips almost never are).
            var model = ArgValue(args, "--model") ?? Path.Combine(work, "wav2vec2-base-random.onnx");
            if (!File.Exists(model))
            {
                await output.WriteLineAsync($"writing a Wav2Vec2-base-sized model (random weights, attention_mask, {precision}) to {model} …");
                Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Base, seed: 1, withAttentionMask: true, precision).WriteTo(model);
            }

            using var embedder = new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = model, MaxBatchSize = 256, MaxBatchSeconds = double.MaxValue, MaxConcurrentRuns = 4 },
                new OnnxSessionOptions { ExecutionProvider = provider, IntraOpThreads = cuda ? 0 : threads, AllowSpinning = false }); // as the silo runs it
            await output.WriteLineAsync($"ONNX Runtime {OnnxBuild.Version} ({OnnxBuild.Package}), provider {embedder.SelectedProvider}: {embedder.ProviderReason}");
            await output.WriteLineAsync($"{rounds} rounds × {clips} real 16 kHz clips ({roundSeconds.Sum():F1} s of audio), {threads} intra-op threads; each silo warmed with {warmFiles.Length} other clips");
            embedder.Embed(roundAudio[0][0]);

            var allClips = roundAudio.SelectMany(a => a).ToArray();
            var allSeconds = roundSeconds.Sum();
            var bareByBatch = new Dictionary<int, double>();
            var queuedByBatch = new Dictionary<int, double>();
            foreach (var batch in batches)
            {
                Bare(embedder, allClips.Take(Math.Min(allClips.Length, 2 * batch)).ToArray(), batch); // warm this shape range
                bareByBatch[batch] = allSeconds / Time(() => Bare(embedder, allClips, batch));
                queuedByBatch[batch] = allSeconds / await QueuedAsync(embedder, allClips, batch);
                await output.WriteLineAsync($"  batch {batch,3}: bare {bareByBatch[batch],8:F2} audio s/s, through the batcher {queuedByBatch[batch],8:F2}");
            }

            var pipelineRows = new List<(int Batch, double Bare, double Pipeline, double[] Ratios)>();
            foreach (var batch in pipelineBatches)
            {
                await using var silo = await BenchSilo.StartAsync(Path.Combine(work, $"silo-{batch}"), SiloSettings(model, threads, provider, batch), output);
                await silo.ProcessAsync(warmFiles); // untimed: a long-running silo's JIT tiers and arenas have settled

                // Bare and pipeline take turns on the same clips (ABBA order), so drift on a shared machine hits both alike.
                var bare = new double[rounds];
                var pipeline = new double[rounds];
                for (var r = 0; r < rounds; r++)
                {
                    var audio = roundAudio[r];
                    if (r % 2 == 0)
                    {
                        bare[r] = Time(() => Bare(embedder, audio, batch));
                        pipeline[r] = (await silo.ProcessAsync(roundFiles[r])).TotalSeconds;
                    }
                    else
                    {
                        pipeline[r] = (await silo.ProcessAsync(roundFiles[r])).TotalSeconds;
                        bare[r] = Time(() => Bare(embedder, audio, batch));
                    }

                    await output.WriteLineAsync($"  batch {batch}, round {r + 1}: bare {roundSeconds[r] / bare[r],8:F2} × real time, pipeline {roundSeconds[r] / pipeline[r],8:F2} ×, ratio {bare[r] / pipeline[r]:F2}");
                }

                // Round files are re-dropped at the next batch size in a fresh silo (fresh data root), so none is an alias.
                pipelineRows.Add((batch, allSeconds / bare.Sum(), allSeconds / pipeline.Sum(), Enumerable.Range(0, rounds).Select(r => bare[r] / pipeline[r]).ToArray()));
            }

            var torch = cuda ? double.NaN : await TorchAsync(roundFiles.SelectMany(f => f).ToArray(), threads, work, output);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"{"measure (" + embedder.SelectedProvider + ", " + precision + ")",-60} {"audio s / s",12} {"target",10}");
            foreach (var batch in batches)
            {
                await output.WriteLineAsync($"{$"bare ORT, batch {batch} (length-bucketed)",-60} {bareByBatch[batch],12:F2}");
                await output.WriteLineAsync($"{$"   through the batcher, {batch} per run (single-clip requests)",-60} {queuedByBatch[batch],12:F2}");
            }

            foreach (var batch in batches.Skip(1))
            {
                await output.WriteLineAsync($"{$"batched ({batch}) / unbatched, bare",-60} {bareByBatch[batch] / bareByBatch[batches[0]],12:F2}");
            }

            foreach (var (batch, bare, pipeline, ratios) in pipelineRows)
            {
                await output.WriteLineAsync($"{$"silo pipeline, MaxBatch {batch}",-60} {pipeline,12:F2}");
                await output.WriteLineAsync($"{$"   bare ORT at batch {batch}, same rounds",-60} {bare,12:F2}");
                await output.WriteLineAsync($"{$"   pipeline / bare ORT at batch {batch}",-60} {pipeline / bare,12:F2} {(cuda ? "≥ 0.8" : "≥ 0.9"),10}");
                await output.WriteLineAsync($"{"   per round",-60} {ratios.Min(),5:F2} – {ratios.Max():F2}");
            }

            if (!cuda)
            {
                await output.WriteLineAsync($"{"PyTorch eager (torchaudio wav2vec2_base)",-60} {torch,12:F2}");
                await output.WriteLineAsync($"{"   ORT / PyTorch (batch 1)",-60} {bareByBatch[batches[0]] / torch,12:F2} {"≥ 1.3",10}");
            }
            else
            {
                await output.WriteLineAsync($"{"bare ORT at the largest batch, × real time",-60} {bareByBatch[batches[^1]],12:F0} {"≥ 5000 (fp16)",10}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Bare ORT the batcher's way: clips sorted by length, runs of <paramref name="batch"/> neighbours.</summary>
    private static void Bare(Wav2Vec2Embedder embedder, IReadOnlyList<float[]> clips, int batch)
    {
        if (batch == 1)
        {
            foreach (var clip in clips)
            {
                embedder.Embed(clip);
            }

            return;
        }

        foreach (var group in clips.OrderBy(c => c.Length).Chunk(batch))
        {
            embedder.EmbedBatch(group);
        }
    }

    /// <summary>Every clip a separate concurrent request (as separate files are), through a batcher of that size; seconds taken.</summary>
    private static async Task<double> QueuedAsync(Wav2Vec2Embedder embedder, IReadOnlyList<float[]> clips, int batch)
    {
        using var batcher = new DynamicBatcher(embedder, new DynamicBatchingOptions { MaxBatch = batch, MaxBatchSeconds = 320, MaxWait = TimeSpan.FromMilliseconds(batch > 1 ? 5 : 0) });
        await batcher.EmbedAsync([clips[0]]);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clips.Select(c => batcher.EmbedAsync([c])));
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The silo as deployed, on the bench's model, provider, thread count and batch size; a short watcher settle time for the burst.</summary>
    private static Dictionary<string, string> SiloSettings(string model, int threads, OnnxExecutionProvider provider, int batch) => new()
    {
        ["EmotionGrid__Embedding__Wav2Vec2__ModelPath"] = model,
        ["EmotionGrid__Embedding__Wav2Vec2__MaxBatch"] = batch.ToString(CultureInfo.InvariantCulture),
        ["EmotionGrid__Onnx__ExecutionProvider"] = provider.ToString().ToLowerInvariant(),
        ["EmotionGrid__Onnx__IntraOpThreads"] = provider == OnnxExecutionProvider.Cpu ? threads.ToString(CultureInfo.InvariantCulture) : "0",
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
