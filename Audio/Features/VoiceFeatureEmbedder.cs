using System.Buffers;
using System.Collections.ObjectModel;
using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// The "acoustic-v2" layout: the 173 acoustic-v1 values of <see cref="AcousticFeatureEmbedder"/>
/// (bit for bit, same order) followed by prosodic and voice-quality functionals in the spirit of
/// eGeMAPS (Eyben et al., 2016). Same frames as v1 (25 ms every 10 ms at 16 kHz), the same YIN
/// voicing and F0, and the same Hann power spectrum and mel powers (no second FFT).
/// <para><b>Added elements</b> (<see cref="AddedCount"/>; names in <see cref="FeatureNames"/>, after v1's):</para>
/// <list type="table">
/// <listheader><term>index</term><description>content (unit)</description></listheader>
/// <item><term>173–181</term><description>F0 over voiced frames in semitones above 27.5 Hz (eGeMAPS's scale; = v1's
/// <c>f0_*_st</c> + 12, whose mean and std are therefore not repeated): <c>f0_st27_cv</c> (std ÷ mean),
/// <c>f0_st27_p20</c>, <c>_p50</c>, <c>_p80</c>, <c>f0_st27_range_20_80</c> (semitones; percentiles interpolated
/// as numpy does); <c>f0_rise_st_per_s_mean</c>, <c>_std</c>, <c>f0_fall_st_per_s_mean</c>, <c>_std</c>: slopes of the
/// rising and falling parts of each voiced run's F0 contour (semitones per second, falling as positive
/// magnitudes; turning points with 0.5-semitone hysteresis, see <see cref="ContourSlopes"/>; a step of more
/// than 3 semitones between adjacent frames, such as an octave error, ends a part rather than joining it)</description></item>
/// <item><term>182–184</term><description><c>jitter_local</c>, <c>shimmer_local</c> (fractions) and <c>shimmer_local_db</c> (dB) over
/// consecutive glottal periods (see <see cref="PeriodPerturbation"/>)</description></item>
/// <item><term>185–186</term><description><c>hnr_db_mean</c>, <c>hnr_db_std</c>: harmonics-to-noise ratio over voiced frames (dB,
/// −20…40; see <see cref="HarmonicsToNoise"/>)</description></item>
/// <item><term>187–194</term><description>loudness per frame, Σ over v1's 40 mel bands of (band power ÷ 10⁴)^0.3 (a full-scale
/// 1 kHz sine is about 2.4; Stevens' power law on an auditory spectrum, as openSMILE's loudness): <c>loudness_mean</c>,
/// <c>_std</c>, <c>_p20</c>, <c>_p50</c>, <c>_p80</c>, <c>loudness_range_20_80</c>, and <c>loudness_rise_per_s_mean</c>,
/// <c>loudness_fall_per_s_mean</c>: slopes (per second) of the rising and falling parts of the 3-frame moving
/// average of the loudness contour, hysteresis 15 % of its 80th percentile</description></item>
/// <item><term>195–206</term><description><c>f1_khz_mean</c>, <c>f1_khz_std</c>, <c>f1_bw_khz_mean</c>, <c>f1_bw_khz_std</c>, then F2 and F3:
/// formant frequencies and bandwidths over voiced frames with that formant (kHz; order-16 LPC, see
/// <see cref="LpcFormants"/>)</description></item>
/// <item><term>207–218</term><description>spectral balance (see <see cref="SpectralBalance"/>) over voiced frames, mean and std:
/// <c>alpha_ratio_db_voiced_mean</c>, <c>_std</c>, <c>hammarberg_db_voiced_mean</c>, <c>_std</c>,
/// <c>slope_0_500_db_per_khz_voiced_mean</c>, <c>_std</c>, <c>slope_500_1500_db_per_khz_voiced_mean</c>, <c>_std</c>; then the
/// same four means over unvoiced frames (<c>…_unvoiced_mean</c>)</description></item>
/// <item><term>219–224</term><description><c>loudness_peaks_per_s</c> (peaks of the smoothed loudness contour as above, per second of
/// clip), <c>voiced_segments_per_s</c>, <c>voiced_segment_s_mean</c>, <c>_std</c> (runs of voiced frames, seconds at
/// 10 ms a frame), <c>unvoiced_segment_s_mean</c>, <c>_std</c> (unvoiced runs between two voiced runs only, so
/// leading and trailing silence do not count)</description></item>
/// </list>
/// <para>
/// Every statistic over an empty set (no voiced frame, no formant, no pair of periods) is 0.
/// Guarantees as v1: finite for finite input (silence and clips shorter than a frame included),
/// non-finite input refused with <see cref="ArgumentException"/>, deterministic, thread-safe
/// (immutable tables; working memory per call).
/// </para>
/// </summary>
public sealed class VoiceFeatureEmbedder : IAudioEmbedder
{
    public const string EmbedderId = "acoustic-v2";

    /// <summary>Semitones of the added F0 features are counted from this frequency (A0), as in eGeMAPS.</summary>
    public const double PitchReferenceHz = 27.5;

    public const double PitchHysteresisSemitones = 0.5;
    /// <summary>A larger F0 change between adjacent frames (a YIN octave error, say) cuts the contour for the slopes.</summary>
    public const double MaxPitchStepSemitones = 3;

    public const double LoudnessHysteresisFraction = 0.15;

    private const int FormantCount = 3;

    private static readonly ReadOnlyCollection<string> AddedNames = BuildAddedNames();

    private readonly AcousticFeatureEmbedder _v1 = new();
    private readonly SpectralBalance _balance = new(AcousticFrameAnalyzer.FftSize, AcousticFrameAnalyzer.SampleRate);
    private readonly LpcFormants _formants = new();

    /// <summary>One name per vector element, in order: acoustic-v1's, then the added ones (see the class summary for units).</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = AcousticFeatureEmbedder.FeatureNames.Concat(AddedNames).ToList().AsReadOnly();

    /// <summary>Elements after the acoustic-v1 prefix.</summary>
    public static int AddedCount => AddedNames.Count;

    public string Id => EmbedderId;

    public int Dimension => FeatureNames.Count;

    public float[] Embed(ReadOnlySpan<float> samples16kMono)
    {
        using var track = new VoiceFrameTrack(AcousticFrameAnalyzer.FrameCount(samples16kMono.Length), _balance);
        var vector = _v1.Embed(samples16kMono, AddedNames.Count, track);
        var added = new FeatureWriter(vector.AsSpan(AcousticFeatureEmbedder.FeatureNames.Count));
        var seconds = (double)Math.Max(samples16kMono.Length, AcousticFrameAnalyzer.WindowLength) / AcousticFrameAnalyzer.SampleRate;

        WritePitch(track.F0, ref added);
        var (jitter, shimmer, shimmerDb) = PeriodPerturbation.Measure(samples16kMono, track.F0);
        added.Add(jitter, shimmer, shimmerDb);
        added.Add(track.Hnr.Mean, track.Hnr.StandardDeviation);
        var loudnessPeaks = WriteLoudness(track.Loudness, ref added);
        WriteFormants(samples16kMono, track.F0, ref added);
        for (var i = 0; i < SpectralBalance.ValueCount; i++)
        {
            added.Add(track.VoicedBalance(i).Mean, track.VoicedBalance(i).StandardDeviation);
        }

        for (var i = 0; i < SpectralBalance.ValueCount; i++)
        {
            added.Add(track.UnvoicedBalance(i).Mean);
        }

        added.Add(loudnessPeaks / seconds);
        WriteSegments(track.F0, seconds, ref added);

        if (!TensorPrimitives.IsFiniteAll<float>(vector))
        {
            throw new ArgumentException("samples must be finite audio in [-1, 1]", nameof(samples16kMono));
        }

        return vector;
    }

    private static void WritePitch(ReadOnlySpan<float> f0, ref FeatureWriter added)
    {
        var semitones = ArrayPool<float>.Shared.Rent(f0.Length);
        try
        {
            var slopes = default(ContourSlopes);
            var moments = default(RunningMoments);
            var voiced = 0;
            var runStart = 0;
            for (var t = 0; t <= f0.Length; t++)
            {
                var st = t < f0.Length && f0[t] > 0 ? (float)(12 * Math.Log2(f0[t] / PitchReferenceHz)) : float.NaN;
                var continues = voiced > runStart && Math.Abs(st - semitones[voiced - 1]) <= MaxPitchStepSemitones;
                if (!continues)
                {
                    // An unvoiced frame or an octave-error-sized jump ends the contour stretch.
                    slopes.Add(semitones.AsSpan(runStart, voiced - runStart), PitchHysteresisSemitones);
                    runStart = voiced;
                }

                if (!float.IsNaN(st))
                {
                    semitones[voiced++] = st;
                    moments.Add(st);
                }
            }

            var sorted = semitones.AsSpan(0, voiced);
            sorted.Sort();
            var p20 = Percentiles.OfSorted(sorted, 0.2);
            var p80 = Percentiles.OfSorted(sorted, 0.8);
            added.Add(moments.Mean > 0 ? moments.StandardDeviation / moments.Mean : 0);
            added.Add(p20, Percentiles.OfSorted(sorted, 0.5), p80, p80 - p20);
            added.Add(slopes.Rising.Mean, slopes.Rising.StandardDeviation, slopes.Falling.Mean, slopes.Falling.StandardDeviation);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(semitones);
        }
    }

    /// <summary>Writes the loudness functionals; returns the number of loudness peaks.</summary>
    private static int WriteLoudness(ReadOnlySpan<float> loudness, ref FeatureWriter added)
    {
        var work = ArrayPool<float>.Shared.Rent(loudness.Length);
        try
        {
            var moments = default(RunningMoments);
            foreach (var v in loudness)
            {
                moments.Add(v);
            }

            var sorted = work.AsSpan(0, loudness.Length);
            loudness.CopyTo(sorted);
            sorted.Sort();
            var p20 = Percentiles.OfSorted(sorted, 0.2);
            var p80 = Percentiles.OfSorted(sorted, 0.8);
            added.Add(moments.Mean, moments.StandardDeviation, p20, Percentiles.OfSorted(sorted, 0.5), p80, p80 - p20);

            // 3-frame moving average (ends averaged over the frames that exist).
            var smooth = work.AsSpan(0, loudness.Length);
            for (var t = 0; t < loudness.Length; t++)
            {
                int from = Math.Max(0, t - 1), to = Math.Min(loudness.Length - 1, t + 1);
                smooth[t] = TensorPrimitives.Sum(loudness[from..(to + 1)]) / (to - from + 1);
            }

            var slopes = default(ContourSlopes);
            slopes.Add(smooth, Math.Max(LoudnessHysteresisFraction * p80, 1e-6));
            added.Add(slopes.Rising.Mean, slopes.Falling.Mean);
            return slopes.Peaks;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(work);
        }
    }

    private void WriteFormants(ReadOnlySpan<float> samples, ReadOnlySpan<float> f0, ref FeatureWriter added)
    {
        var scratch = _formants.CreateScratch();
        Span<double> frequencies = stackalloc double[FormantCount];
        Span<double> bandwidths = stackalloc double[FormantCount];
        Span<RunningMoments> frequency = stackalloc RunningMoments[FormantCount];
        Span<RunningMoments> bandwidth = stackalloc RunningMoments[FormantCount];
        for (var t = 0; t < f0.Length; t++)
        {
            if (f0[t] <= 0)
            {
                continue;
            }

            var found = _formants.Estimate(samples, t * AcousticFrameAnalyzer.HopLength, scratch, frequencies, bandwidths);
            for (var i = 0; i < found; i++)
            {
                frequency[i].Add(frequencies[i] / 1000);
                bandwidth[i].Add(bandwidths[i] / 1000);
            }
        }

        for (var i = 0; i < FormantCount; i++)
        {
            added.Add(frequency[i].Mean, frequency[i].StandardDeviation, bandwidth[i].Mean, bandwidth[i].StandardDeviation);
        }
    }

    private static void WriteSegments(ReadOnlySpan<float> f0, double seconds, ref FeatureWriter added)
    {
        RunningMoments voiced = default, unvoiced = default;
        var sawVoiced = false;
        for (var t = 0; t < f0.Length;)
        {
            var isVoiced = f0[t] > 0;
            var end = t;
            while (end + 1 < f0.Length && f0[end + 1] > 0 == isVoiced)
            {
                end++;
            }

            var length = (end - t + 1) * ContourSlopes.StepSeconds;
            if (isVoiced)
            {
                voiced.Add(length);
                sawVoiced = true;
            }
            else if (sawVoiced && end + 1 < f0.Length)
            {
                unvoiced.Add(length); // between two voiced runs
            }

            t = end + 1;
        }

        added.Add(voiced.Count / seconds, voiced.Mean, voiced.StandardDeviation, unvoiced.Mean, unvoiced.StandardDeviation);
    }

    private static ReadOnlyCollection<string> BuildAddedNames()
    {
        var names = new List<string>
        {
            "f0_st27_cv", "f0_st27_p20", "f0_st27_p50", "f0_st27_p80", "f0_st27_range_20_80",
            "f0_rise_st_per_s_mean", "f0_rise_st_per_s_std", "f0_fall_st_per_s_mean", "f0_fall_st_per_s_std",
            "jitter_local", "shimmer_local", "shimmer_local_db", "hnr_db_mean", "hnr_db_std",
            "loudness_mean", "loudness_std", "loudness_p20", "loudness_p50", "loudness_p80", "loudness_range_20_80",
            "loudness_rise_per_s_mean", "loudness_fall_per_s_mean",
        };
        for (var i = 1; i <= FormantCount; i++)
        {
            names.AddRange([$"f{i}_khz_mean", $"f{i}_khz_std", $"f{i}_bw_khz_mean", $"f{i}_bw_khz_std"]);
        }

        string[] balance = ["alpha_ratio_db", "hammarberg_db", "slope_0_500_db_per_khz", "slope_500_1500_db_per_khz"];
        names.AddRange(balance.SelectMany(b => new[] { b + "_voiced_mean", b + "_voiced_std" }));
        names.AddRange(balance.Select(b => b + "_unvoiced_mean"));
        names.AddRange(["loudness_peaks_per_s", "voiced_segments_per_s", "voiced_segment_s_mean", "voiced_segment_s_std", "unvoiced_segment_s_mean", "unvoiced_segment_s_std"]);
        return names.AsReadOnly();
    }

    /// <summary>Appends values in order to the added part of the vector.</summary>
    private ref struct FeatureWriter(Span<float> destination)
    {
        private readonly Span<float> _destination = destination;
        private int _next;

        public void Add(params ReadOnlySpan<double> values)
        {
            foreach (var v in values)
            {
                _destination[_next++] = (float)v;
            }
        }
    }
}
