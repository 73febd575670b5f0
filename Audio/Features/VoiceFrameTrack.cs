using System.Buffers;
using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// One <see cref="VoiceFeatureEmbedder"/> call's per-frame record, filled while the acoustic-v1
/// analysis runs: the F0 and loudness tracks (rented; return them with <see cref="Dispose"/>), HNR
/// over voiced frames and the spectral balance over voiced and over unvoiced frames — the last two
/// need the frame's pitch block and spectrum, which only exist during the analysis.
/// </summary>
internal sealed class VoiceFrameTrack : IAcousticFrameSink, IDisposable
{
    /// <summary>
    /// Mel powers are divided by this before the 0.3 power: a full-scale sine's peak FFT bin with
    /// the 400-sample Hann window ((Σw / 2)² = 100²). A full-scale 1 kHz sine then has a loudness of
    /// about 2.4 (its window leakage into neighbouring bands counts too, compressed by the 0.3 power).
    /// </summary>
    public const float LoudnessReferencePower = 1e4f;
    public const float LoudnessExponent = 0.3f;

    private readonly SpectralBalance _balance;
    private readonly float[] _f0;
    private readonly float[] _loudness;
    private readonly RunningMoments[] _voicedBalance = new RunningMoments[SpectralBalance.ValueCount];
    private readonly RunningMoments[] _unvoicedBalance = new RunningMoments[SpectralBalance.ValueCount];
    private RunningMoments _hnr;

    public VoiceFrameTrack(int frameCount, SpectralBalance balance)
    {
        FrameCount = frameCount;
        _balance = balance;
        _f0 = ArrayPool<float>.Shared.Rent(frameCount);
        _loudness = ArrayPool<float>.Shared.Rent(frameCount);
    }

    public int FrameCount { get; }

    /// <summary>F0 per frame in Hz, 0 when unvoiced.</summary>
    public ReadOnlySpan<float> F0 => _f0.AsSpan(0, FrameCount);

    /// <summary>Loudness per frame: Σ over the 40 mel bands of (power ÷ <see cref="LoudnessReferencePower"/>)^0.3.</summary>
    public ReadOnlySpan<float> Loudness => _loudness.AsSpan(0, FrameCount);

    public RunningMoments Hnr => _hnr;

    public RunningMoments VoicedBalance(int index) => _voicedBalance[index];

    public RunningMoments UnvoicedBalance(int index) => _unvoicedBalance[index];

    public void OnFrame(int t, double f0, AcousticFrameAnalyzer.Scratch scratch)
    {
        _f0[t] = (float)f0;

        Span<float> bands = stackalloc float[AcousticFrameAnalyzer.MelBandCount];
        TensorPrimitives.Multiply(scratch.Mel, 1 / LoudnessReferencePower, bands);
        TensorPrimitives.Pow(bands, LoudnessExponent, bands);
        _loudness[t] = TensorPrimitives.Sum<float>(bands);

        Span<float> balance = stackalloc float[SpectralBalance.ValueCount];
        _balance.Compute(scratch.Power, balance);
        var moments = f0 > 0 ? _voicedBalance : _unvoicedBalance;
        for (var i = 0; i < balance.Length; i++)
        {
            moments[i].Add(balance[i]);
        }

        if (f0 > 0)
        {
            _hnr.Add(HarmonicsToNoise.Compute(scratch.PitchBlock, AcousticFrameAnalyzer.SampleRate / f0));
        }
    }

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_f0);
        ArrayPool<float>.Shared.Return(_loudness);
    }
}
