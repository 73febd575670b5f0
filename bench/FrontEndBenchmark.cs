using System.Diagnostics;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Features;

namespace EmotionGrid.Bench;

/// <summary>
/// Issue "audio front end": decode, resample and embed throughput on the real 48 kHz RAVDESS files
/// (audio-seconds per second on one core, against the targets), and peak memory for a 10-minute file
/// measured in fresh child processes: segmented streaming versus decoding the whole file.
/// </summary>
public static class FrontEndBenchmark
{
    public const string LongFileChild = "frontend-longfile-child";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var folder = Path.Combine(BenchData.RavdessRoot(args), "48k", "Actor_01");
        var files = Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        var decoder = new WavDecoder();
        var decoded = files.Select(f => decoder.Decode(new MemoryStream(f))).ToArray();
        var seconds = decoded.Sum(d => d.DurationSeconds);
        var at16k = decoded.Select(d => PolyphaseResampler.Resample(d.Samples, d.SampleRate, PreparedAudio.SampleRate)).ToArray();
        await output.WriteLineAsync($"front end on {files.Length} real 48 kHz files ({seconds:F1} s of audio), one thread, best of 5");
        await output.WriteLineAsync($"{"stage",-34} {"× real time",12} {"target",8} {"ratio",7}");

        void Row(string stage, double speed, double? target) =>
            output.WriteLine($"{stage,-34} {speed,12:F0} {(target is null ? "" : $"{target:F0}"),8} {(target is null ? "" : $"{speed / target:F2}"),7}");

        Row("decode (WAV → mono float)", Throughput.Measure(seconds, () => { foreach (var f in files) decoder.Decode(new MemoryStream(f)); }), null);
        Row("resample 48 → 16 kHz", Throughput.Measure(seconds, () => { foreach (var d in decoded) PolyphaseResampler.Resample(d.Samples, d.SampleRate, 16_000); }), 500);
        var frontEnd = new AudioFrontEnd(decoder);
        Row("decode + resample (AudioFrontEnd)", Throughput.Measure(seconds, () => { foreach (var f in files) frontEnd.Prepare(new MemoryStream(f)); }), null);
        foreach (var embedder in Embedders())
        {
            Row($"embed {embedder.Id} ({embedder.Dimension}-d)", Throughput.Measure(seconds, () => { foreach (var a in at16k) embedder.Embed(a); }, repetitions: 3), embedder.Id.StartsWith("acoustic", StringComparison.Ordinal) ? 300 : null);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("peak memory for a 10-minute 48 kHz stereo 16-bit file (fresh process each, VmHWM):");
        foreach (var mode in new[] { "baseline", "whole", "segmented" })
        {
            await output.WriteLineAsync($"  {mode,-10} {await ChildPeakAsync(mode),8:F0} MB");
        }

        return 0;
    }

    private static IEnumerable<IAudioEmbedder> Embedders()
    {
        yield return new LogMelStatisticsEmbedder();
        yield return new AcousticFeatureEmbedder();
        yield return new VoiceFeatureEmbedder();
    }

    private static async Task<double> ChildPeakAsync(string mode)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("EmotionGrid.Bench", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(typeof(FrontEndBenchmark).Assembly.Location); // running under "dotnet bench.dll"
        }

        info.ArgumentList.Add(LongFileChild);
        info.ArgumentList.Add(mode);
        using var child = Process.Start(info)!;
        var text = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return child.ExitCode == 0 ? double.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
    }
}
