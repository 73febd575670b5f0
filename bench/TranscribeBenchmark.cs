using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Features;
using EmotionGrid.Audio.Transcription;
using EmotionGrid.Speech;
using EmotionGrid.Speech.PocketSphinx;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmotionGrid.Bench;

/// <summary>
/// Issue "offline speech-to-text" (engine): PocketSphinx with the generic en-us model on the real 16 kHz RAVDESS
/// clips. Word error rate overall and per emotion against the two sentences the file names give, speed on one
/// thread (audio seconds per wall second), and the share of a file's processing time transcription adds beside
/// decoding + resampling (<see cref="AudioFrontEnd.Prepare"/>) and the acoustic embedding.
/// <c>--arg -lw=8</c> (repeatable) and <c>--no-trim</c> measure decoding variants.
/// </summary>
public static class TranscribeBenchmark
{
    private const double OverallTarget = 0.25;
    private const double NeutralCalmTarget = 0.15;
    private const double SpeedTarget = 20;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var all = Directory.GetFiles(Path.Combine(BenchData.RavdessRoot(args), "16k"), "*.wav", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToArray();
        var count = Math.Min(all.Length, Option(args, "--files", all.Length));
        // A fixed random subset (the same for every run, so decoding variants compare on the same clips), in file order.
        new Random(14).Shuffle(all);
        var files = all.Take(count).Order(StringComparer.Ordinal).ToArray();
        var clips = files.Select(RavdessClip.Parse).ToArray();
        var threads = Option(args, "--threads", Environment.ProcessorCount);
        var options = new PocketSphinxOptions { DecoderArguments = DecoderArguments(args), TrimSilence = !args.Contains("--no-trim"), MaxDecoders = threads };
        using var transcriber = PocketSphinxTranscriber.TryCreate(options, NullLogger.Instance, out var reason);
        if (transcriber is null)
        {
            await output.WriteLineAsync($"PocketSphinx is not available: {reason}");
            return 1;
        }

        var frontEnd = new AudioFrontEnd();
        var bytes = files.Select(File.ReadAllBytes).ToArray();
        var audio = bytes.Select(b => frontEnd.Prepare(new MemoryStream(b)).Samples).ToArray();
        var seconds = audio.Sum(a => a.Length) / (double)PreparedAudio.SampleRate;
        await output.WriteLineAsync($"{transcriber.Id} on {files.Length} real 16 kHz RAVDESS clips ({seconds:F0} s of audio), " +
            $"trim silence {(options.TrimSilence ? "on" : "off")}, extra arguments: {(options.DecoderArguments.Count == 0 ? "none" : string.Join(' ', options.DecoderArguments.Select(a => $"{a.Key} {a.Value}")))}");

        var transcripts = new SpeechTranscript[files.Length];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => transcripts[i] = Transcribe(transcriber, audio[i]));
        await output.WriteLineAsync($"transcribed in {clock.Elapsed.TotalSeconds:F1} s on {threads} threads");
        await WriteErrorRatesAsync(output, clips, transcripts, args.Contains("--show"));

        var speedSet = Enumerable.Range(0, Math.Min(files.Length, Option(args, "--speed-files", 48))).ToArray();
        var speedSeconds = speedSet.Sum(i => audio[i].Length) / (double)PreparedAudio.SampleRate;
        var transcribeSpeed = OneThread.Measure(speedSeconds, () => { foreach (var i in speedSet) Transcribe(transcriber, audio[i]); });
        var embedder = new AcousticFeatureEmbedder();
        var frontEndSpeed = OneThread.Measure(speedSeconds, () =>
        {
            foreach (var i in speedSet)
            {
                embedder.Embed(frontEnd.Prepare(new MemoryStream(bytes[i])).Samples);
            }
        });
        var share = (1 / transcribeSpeed.PerCpuSecond) / ((1 / transcribeSpeed.PerCpuSecond) + (1 / frontEndSpeed.PerCpuSecond));
        await output.WriteLineAsync();
        await output.WriteLineAsync($"speed on one thread, {speedSet.Length} clips ({speedSeconds:F0} s of audio), best of 3 (per CPU second: fair on a busy machine)");
        await output.WriteLineAsync($"{"stage",-48} {"× RT wall",10} {"× RT CPU",10} {"target",8}");
        await output.WriteLineAsync($"{"transcribe (" + transcriber.Id + ")",-48} {transcribeSpeed.PerWallSecond,10:F1} {transcribeSpeed.PerCpuSecond,10:F1} {SpeedTarget,8:F0}");
        await output.WriteLineAsync($"{"prepare (decode + resample) + embed acoustic-v1",-48} {frontEndSpeed.PerWallSecond,10:F1} {frontEndSpeed.PerCpuSecond,10:F1}");
        await output.WriteLineAsync($"transcription's share of a file's processing time (CPU): {share:P0} (processing takes {1 / (1 - share):F1}× as long)");
        return 0;
    }

    private static SpeechTranscript Transcribe(ITranscriber transcriber, float[] samples)
    {
        using var session = transcriber.Start();
        session.Accept(samples);
        return session.Finish();
    }

    private static async Task WriteErrorRatesAsync(TextWriter output, RavdessClip[] files, SpeechTranscript[] transcripts, bool show)
    {
        var errors = files.Select((f, i) => WordErrorRate.Count(f.Sentence, transcripts[i].Text)).ToArray();
        var exact = files.Select((f, i) => errors[i].Errors == 0).ToArray();
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"clips",-10} {"n",4} {"WER",7} {"subs",5} {"del",5} {"ins",5} {"exact",7} {"target",7}");
        async Task RowAsync(string name, int[] indices, double? target)
        {
            var sum = indices.Aggregate(default(WordErrors), (s, i) => s + errors[i]);
            var exactShare = indices.Count(i => exact[i]) / (double)Math.Max(1, indices.Length);
            await output.WriteLineAsync($"{name,-10} {indices.Length,4} {sum.Rate,7:P1} {sum.Substitutions,5} {sum.Deletions,5} {sum.Insertions,5} {exactShare,7:P0} {(target is null ? "" : $"≤{target:P0}"),7}");
        }

        await RowAsync("all", [.. Enumerable.Range(0, files.Length)], OverallTarget);
        await RowAsync("neut+calm", [.. Enumerable.Range(0, files.Length).Where(i => files[i].Emotion is "neutral" or "calm")], NeutralCalmTarget);
        foreach (var emotion in RavdessClip.Emotions.Where(e => files.Any(f => f.Emotion == e)))
        {
            await RowAsync(emotion, [.. Enumerable.Range(0, files.Length).Where(i => files[i].Emotion == emotion)], emotion is "neutral" or "calm" ? NeutralCalmTarget : null);
        }

        if (show)
        {
            await output.WriteLineAsync();
            var heard = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            foreach (var t in transcripts)
            {
                heard.AddOrUpdate(t.Text, 1, (_, n) => n + 1);
            }

            foreach (var (text, n) in heard.OrderByDescending(h => h.Value).Take(25))
            {
                await output.WriteLineAsync($"{n,4} × '{text}'");
            }
        }
    }

    private static Dictionary<string, string> DecoderArguments(string[] args)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--arg" && args[i + 1].Split('=', 2) is [var name, var value])
            {
                arguments[name] = value;
            }
        }

        return arguments;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
