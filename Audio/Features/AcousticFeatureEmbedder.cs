using System.Buffers;
using System.Collections.ObjectModel;
using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// Hand-crafted acoustic features of a clip (the "acoustic-v1" layout): the default embedder when
/// no Wav2Vec2 model is configured.
/// <para>
/// <b>Frames.</b> 16 kHz mono; frames of 25 ms (400 samples, periodic Hann window for the spectrum)
/// every 10 ms (160 samples); 512-point FFT. A clip shorter than one frame is zero-padded to one;
/// otherwise trailing samples that do not fill a frame are dropped.
/// </para>
/// <para><b>Per-frame features</b> (84):</para>
/// <list type="bullet">
/// <item><description>MFCC c0…c19: 40 HTK mel bands over 0–8000 Hz (unnormalised triangles) of the power
/// spectrum, ln(mel + 1e-6), orthonormal DCT-II — exactly <c>torchaudio.transforms.MFCC(n_mfcc=20,
/// log_mels=True, dct norm "ortho")</c> on these frames.</description></item>
/// <item><description>Δ and ΔΔ of the MFCCs: regression deltas over ±2 frames with edge padding
/// (<c>torchaudio.functional.compute_deltas</c>).</description></item>
/// <item><description>Zero-crossing rate: sign changes per adjacent sample pair of the raw frame (a sine of f Hz gives 2f/16000).</description></item>
/// <item><description>RMS of the raw frame (full scale = 1).</description></item>
/// <item><description>Spectral centroid, bandwidth (2nd order) and 85 % roll-off of the magnitude spectrum, as librosa defines them.</description></item>
/// <item><description>Spectral contrast in 7 bands (0–200 Hz, five octaves 200–6400 Hz, 6400–8000 Hz), librosa-style (see <see cref="SpectralContrast"/>).</description></item>
/// <item><description>Chroma: 12 pitch classes C…B from the peaks of the power spectrum (HPCP-style), normalised to a per-frame maximum of 1 (see <see cref="ChromaProfile"/>).</description></item>
/// <item><description>F0 by YIN (threshold 0.15, 60–500 Hz, ~42 ms block centred on the frame) and a voiced flag (see <see cref="YinPitchTracker"/>).</description></item>
/// </list>
/// <para><b>Vector layout</b> (<see cref="Dimension"/> = 173; names in <see cref="FeatureNames"/>):</para>
/// <list type="table">
/// <listheader><term>index</term><description>content (unit)</description></listheader>
/// <item><term>0–19</term><description><c>mfcc_00_mean</c>…<c>mfcc_19_mean</c>: mean of c0…c19 (c0 is divided by √40, i.e. reported as the mean log-mel energy in nepers; c1…c19 as computed)</description></item>
/// <item><term>20–39</term><description><c>mfcc_delta_00_mean</c>…: mean of ΔMFCC (same scaling)</description></item>
/// <item><term>40–59</term><description><c>mfcc_delta2_00_mean</c>…: mean of ΔΔMFCC (same scaling)</description></item>
/// <item><term>60</term><description><c>zcr_mean</c> (crossings per sample, 0–1)</description></item>
/// <item><term>61</term><description><c>rms_mean</c> (linear, full scale 1)</description></item>
/// <item><term>62–64</term><description><c>centroid_khz_mean</c>, <c>bandwidth_khz_mean</c>, <c>rolloff_khz_mean</c> (kHz)</description></item>
/// <item><term>65–71</term><description><c>contrast_0_mean</c>…<c>contrast_6_mean</c> (librosa's dB ÷ 10, i.e. log10 of peak/valley magnitude)</description></item>
/// <item><term>72–83</term><description><c>chroma_c_mean</c>, <c>chroma_cs_mean</c>, …, <c>chroma_b_mean</c> (0–1)</description></item>
/// <item><term>84–167</term><description>the same 84 features' population standard deviations over frames, <c>…_std</c>, same order and units</description></item>
/// <item><term>168–171</term><description><c>f0_mean_st</c>, <c>f0_std_st</c>, <c>f0_min_st</c>, <c>f0_max_st</c>: F0 over voiced frames in semitones above 55 Hz (A1), so every voiced value is ≥ 1.5 (60 Hz) and ≤ 38.2 (500 Hz); all 0 when no frame is voiced</description></item>
/// <item><term>172</term><description><c>voiced_fraction</c>: voiced frames / frames (0–1)</description></item>
/// </list>
/// <para>
/// Guarantees: finite for any finite input of sane amplitude (silence embeds to finite values:
/// log offset, guarded divisions, unvoiced pitch 0); non-finite input is refused with
/// <see cref="ArgumentException"/>. Deterministic. Thread-safe: only immutable tables are shared,
/// working memory is per call (the MFCC track is rented from the shared array pool).
/// </para>
/// </summary>
public sealed class AcousticFeatureEmbedder : IAudioEmbedder
{
    public const string EmbedderId = "acoustic-v1";

    /// <summary>Per-frame features summarised by mean and standard deviation.</summary>
    public const int FrameFeatureCount = (3 * AcousticFrameAnalyzer.MfccCount) + AcousticFrameAnalyzer.OtherCount;

    public const int PitchFeatureCount = 5;

    /// <summary>Semitones are counted from this frequency.</summary>
    public const double PitchReferenceHz = 55;

    private const int Mfccs = AcousticFrameAnalyzer.MfccCount;
    private const int OtherOffset = 3 * Mfccs;
    private static readonly float[] Scales = BuildScales();
    private readonly AcousticFrameAnalyzer _analyzer = new();

    /// <summary>One name per vector element, in order (see the class summary for units).</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = BuildNames();

    public string Id => EmbedderId;

    public int Dimension => FeatureNames.Count;

    internal AcousticFrameAnalyzer Analyzer => _analyzer;

    public float[] Embed(ReadOnlySpan<float> samples16kMono) => Embed(samples16kMono, 0, null);

    /// <summary>
    /// The acoustic-v1 vector in the first <see cref="Dimension"/> elements of a vector
    /// <paramref name="extraLength"/> longer (left zero), showing every analysed frame to
    /// <paramref name="sink"/> so a richer embedder can reuse the spectrum and pitch instead of
    /// computing them again. The v1 values do not depend on either argument.
    /// </summary>
    internal float[] Embed(ReadOnlySpan<float> samples16kMono, int extraLength, IAcousticFrameSink? sink)
    {
        var frameCount = AcousticFrameAnalyzer.FrameCount(samples16kMono.Length);
        var scratch = _analyzer.CreateScratch();
        var mfccTrack = ArrayPool<float>.Shared.Rent(frameCount * Mfccs);
        try
        {
            Span<float> features = stackalloc float[FrameFeatureCount];
            Span<float> deltaScratch = stackalloc float[((2 * RegressionDeltas.Reach) + 1) * Mfccs];
            Span<double> shift = stackalloc double[FrameFeatureCount];
            Span<double> sum = stackalloc double[FrameFeatureCount];
            Span<double> sumSquares = stackalloc double[FrameFeatureCount];
            sum.Clear();
            sumSquares.Clear();

            var voiced = 0;
            double pitchShift = 0, pitchSum = 0, pitchSumSquares = 0, pitchMin = double.MaxValue, pitchMax = double.MinValue;
            var other = features.Slice(OtherOffset, AcousticFrameAnalyzer.OtherCount);

            for (var t = 0; t < frameCount; t++)
            {
                var mfcc = mfccTrack.AsSpan(t * Mfccs, Mfccs);
                var f0 = _analyzer.Analyze(samples16kMono, t, scratch, mfcc, other);
                sink?.OnFrame(t, f0, scratch);
                mfcc.CopyTo(features);
                if (t == 0)
                {
                    for (var i = 0; i < FrameFeatureCount; i++)
                    {
                        shift[i] = i < OtherOffset && i >= Mfccs ? 0 : features[i];
                    }
                }

                // MFCC and the other features now; deltas in the second pass below.
                Accumulate(features[..Mfccs], shift[..Mfccs], sum[..Mfccs], sumSquares[..Mfccs]);
                Accumulate(other, shift[OtherOffset..], sum[OtherOffset..], sumSquares[OtherOffset..]);

                if (f0 > 0)
                {
                    var semitones = 12 * Math.Log2(f0 / PitchReferenceHz);
                    if (voiced == 0)
                    {
                        pitchShift = semitones;
                    }

                    voiced++;
                    pitchSum += semitones - pitchShift;
                    pitchSumSquares += (semitones - pitchShift) * (semitones - pitchShift);
                    pitchMin = Math.Min(pitchMin, semitones);
                    pitchMax = Math.Max(pitchMax, semitones);
                }
            }

            var track = mfccTrack.AsSpan(0, frameCount * Mfccs);
            var delta = features.Slice(Mfccs, Mfccs);
            var delta2 = features.Slice(2 * Mfccs, Mfccs);
            for (var t = 0; t < frameCount; t++)
            {
                RegressionDeltas.FirstAndSecondAt(track, frameCount, t, delta, delta2, deltaScratch);
                Accumulate(features.Slice(Mfccs, 2 * Mfccs), shift.Slice(Mfccs, 2 * Mfccs), sum.Slice(Mfccs, 2 * Mfccs), sumSquares.Slice(Mfccs, 2 * Mfccs));
            }

            var vector = new float[FeatureNames.Count + extraLength];
            for (var i = 0; i < FrameFeatureCount; i++)
            {
                var mean = sum[i] / frameCount;
                var variance = Math.Max(0, (sumSquares[i] / frameCount) - (mean * mean));
                vector[i] = (float)((shift[i] + mean) * Scales[i]);
                vector[FrameFeatureCount + i] = (float)(Math.Sqrt(variance) * Math.Abs(Scales[i]));
            }

            var pitch = vector.AsSpan(2 * FrameFeatureCount, PitchFeatureCount);
            if (voiced > 0)
            {
                var mean = pitchSum / voiced;
                pitch[0] = (float)(pitchShift + mean);
                pitch[1] = (float)Math.Sqrt(Math.Max(0, (pitchSumSquares / voiced) - (mean * mean)));
                pitch[2] = (float)pitchMin;
                pitch[3] = (float)pitchMax;
            }

            pitch[4] = (float)voiced / frameCount;

            if (!TensorPrimitives.IsFiniteAll<float>(vector))
            {
                // Only reachable from NaN/infinite or absurdly large input samples.
                throw new ArgumentException("samples must be finite audio in [-1, 1]", nameof(samples16kMono));
            }

            return vector;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(mfccTrack);
        }
    }

    /// <summary>Shifted sums (values minus the first frame's), so constant features get exactly zero spread.</summary>
    private static void Accumulate(ReadOnlySpan<float> values, ReadOnlySpan<double> shift, Span<double> sum, Span<double> sumSquares)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i] - shift[i];
            sum[i] += v;
            sumSquares[i] += v * v;
        }
    }

    private static float[] BuildScales()
    {
        var scales = new float[FrameFeatureCount];
        scales.AsSpan().Fill(1);
        var c0 = (float)(1 / Math.Sqrt(AcousticFrameAnalyzer.MelBandCount));
        scales[0] = scales[Mfccs] = scales[2 * Mfccs] = c0;
        scales[OtherOffset + 2] = scales[OtherOffset + 3] = scales[OtherOffset + 4] = 1e-3f; // Hz -> kHz
        scales.AsSpan(OtherOffset + 5, SpectralContrast.BandCount).Fill(0.1f);
        return scales;
    }

    private static ReadOnlyCollection<string> BuildNames()
    {
        var perFrame = new List<string>(FrameFeatureCount);
        foreach (var prefix in new[] { "mfcc", "mfcc_delta", "mfcc_delta2" })
        {
            for (var i = 0; i < Mfccs; i++)
            {
                perFrame.Add($"{prefix}_{i:00}");
            }
        }

        perFrame.AddRange(["zcr", "rms", "centroid_khz", "bandwidth_khz", "rolloff_khz"]);
        for (var k = 0; k < SpectralContrast.BandCount; k++)
        {
            perFrame.Add($"contrast_{k}");
        }

        perFrame.AddRange(["chroma_c", "chroma_cs", "chroma_d", "chroma_ds", "chroma_e", "chroma_f", "chroma_fs", "chroma_g", "chroma_gs", "chroma_a", "chroma_as", "chroma_b"]);

        var names = new List<string>((2 * FrameFeatureCount) + PitchFeatureCount);
        names.AddRange(perFrame.Select(n => n + "_mean"));
        names.AddRange(perFrame.Select(n => n + "_std"));
        names.AddRange(["f0_mean_st", "f0_std_st", "f0_min_st", "f0_max_st", "voiced_fraction"]);
        return names.AsReadOnly();
    }
}
