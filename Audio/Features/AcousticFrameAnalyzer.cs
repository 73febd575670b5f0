using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// The per-frame half of <see cref="AcousticFeatureEmbedder"/>: frame <c>t</c> is the 400 samples
/// from <c>t · 160</c> (zero-padded past the end of the clip). Holds only immutable tables (window,
/// FFT twiddles, filterbanks, DCT matrix); per-call state lives in a <see cref="Scratch"/>.
/// </summary>
internal sealed class AcousticFrameAnalyzer
{
    public const int SampleRate = PreparedAudio.SampleRate;
    public const int WindowLength = 400;
    public const int HopLength = 160;
    public const int FftSize = 512;
    public const int BinCount = (FftSize / 2) + 1;
    public const int MelBandCount = 40;
    public const int MfccCount = 20;

    /// <summary>Added to mel power before the natural log, as torchaudio's MFCC does with <c>log_mels=True</c>.</summary>
    public const float LogOffset = 1e-6f;

    /// <summary>
    /// Features besides MFCCs, in this order: ZCR, RMS, centroid, bandwidth, roll-off (Hz here;
    /// kHz in the vector), 7 spectral contrasts, 12 chroma.
    /// </summary>
    public const int OtherCount = 5 + SpectralContrast.BandCount + ChromaProfile.ClassCount;

    public const double RolloffFraction = 0.85;
    private const float SilentMagnitude = 1e-12f;

    private static readonly float[] Hann = BuildPeriodicHann(WindowLength);

    private readonly RealFftPower _fft = new(FftSize);
    private readonly MelFilterbank _mel = new(MelBandCount, FftSize, SampleRate, 0, SampleRate / 2);
    private readonly float[] _dct = BuildOrthonormalDct(MfccCount, MelBandCount);
    private readonly float[] _binHz = BuildBinFrequencies();
    private readonly SpectralContrast _contrast = new(FftSize, SampleRate);
    private readonly ChromaProfile _chroma = new(FftSize, SampleRate);
    private readonly YinPitchTracker _yin = new(SampleRate);

    public static int FrameCount(int sampleCount) =>
        sampleCount <= WindowLength ? 1 : 1 + ((sampleCount - WindowLength) / HopLength);

    public Scratch CreateScratch() => new(_yin);

    /// <summary>
    /// Analyses frame <paramref name="t"/>: 20 MFCCs into <paramref name="mfcc"/>, the
    /// <see cref="OtherCount"/> other features into <paramref name="other"/>; leaves the frame's 40
    /// mel powers (before the log) in <see cref="Scratch.Mel"/>. Returns F0 in Hz (0 when unvoiced).
    /// </summary>
    public double Analyze(ReadOnlySpan<float> samples, int t, Scratch scratch, Span<float> mfcc, Span<float> other, bool withPitch = true)
    {
        var frame = scratch.Frame;
        CopyZeroPadded(samples, t * HopLength, frame);

        // Time domain: zero-crossing rate (sign changes per adjacent pair, zero counts as positive) and RMS.
        var crossings = 0;
        for (var n = 1; n < WindowLength; n++)
        {
            crossings += (frame[n] >= 0) != (frame[n - 1] >= 0) ? 1 : 0;
        }

        other[0] = (float)crossings / (WindowLength - 1);
        other[1] = MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(frame) / WindowLength);

        // Spectrum.
        TensorPrimitives.Multiply(frame, Hann, frame);
        var power = scratch.Power;
        var magnitude = scratch.Magnitude;
        _fft.PowerSpectrum(frame, power, scratch.Real, scratch.Imag);
        TensorPrimitives.Sqrt(power, magnitude);

        // MFCC: natural log of mel power (+ offset), orthonormal DCT-II.
        var mel = scratch.Mel;
        var logMel = scratch.LogMel;
        _mel.Apply(power, mel);
        TensorPrimitives.Add(mel, LogOffset, logMel);
        TensorPrimitives.Log(logMel, logMel);
        for (var i = 0; i < MfccCount; i++)
        {
            mfcc[i] = TensorPrimitives.Dot(_dct.AsSpan(i * MelBandCount, MelBandCount), logMel);
        }

        // Magnitude-weighted spectral shape (librosa's centroid, bandwidth p=2 and roll-off use |X|).
        double total = TensorPrimitives.Sum<float>(magnitude);
        if (total > SilentMagnitude)
        {
            var centroid = TensorPrimitives.Dot(magnitude, _binHz) / total;
            double spread = 0;
            for (var k = 0; k < BinCount; k++)
            {
                var offset = _binHz[k] - centroid;
                spread += magnitude[k] * offset * offset;
            }

            var threshold = RolloffFraction * total;
            double cumulative = 0;
            var rolloffBin = BinCount - 1;
            for (var k = 0; k < BinCount; k++)
            {
                cumulative += magnitude[k];
                if (cumulative >= threshold)
                {
                    rolloffBin = k;
                    break;
                }
            }

            other[2] = (float)centroid;
            other[3] = (float)Math.Sqrt(spread / total);
            other[4] = _binHz[rolloffBin];
        }
        else
        {
            other[2] = other[3] = other[4] = 0;
        }

        _contrast.Compute(magnitude, other.Slice(5, SpectralContrast.BandCount), scratch.Sort);
        _chroma.Apply(power, other.Slice(5 + SpectralContrast.BandCount, ChromaProfile.ClassCount));

        if (!withPitch)
        {
            return 0;
        }

        // Pitch on a ~42 ms block centred on the frame's centre.
        var block = scratch.PitchBlock;
        CopyZeroPadded(samples, (t * HopLength) + (WindowLength / 2) - (block.Length / 2), block);
        return _yin.Estimate(block, scratch.PitchScratch);
    }

    private static void CopyZeroPadded(ReadOnlySpan<float> samples, int start, Span<float> destination)
    {
        destination.Clear();
        var from = Math.Max(0, start);
        var to = Math.Min(samples.Length, start + destination.Length);
        if (to > from)
        {
            samples[from..to].CopyTo(destination[(from - start)..]);
        }
    }

    /// <summary>Periodic Hann, w[n] = 0.5 − 0.5 cos(2πn/N), as <c>torch.hann_window</c> and librosa use.</summary>
    private static float[] BuildPeriodicHann(int length)
    {
        var window = new float[length];
        for (var n = 0; n < length; n++)
        {
            window[n] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * n / length)));
        }

        return window;
    }

    /// <summary>Row i: sqrt((i == 0 ? 1 : 2) / N) cos(π i (n + ½) / N) — <c>torchaudio.functional.create_dct(norm="ortho")</c>, transposed.</summary>
    private static float[] BuildOrthonormalDct(int coefficients, int inputs)
    {
        var matrix = new float[coefficients * inputs];
        for (var i = 0; i < coefficients; i++)
        {
            var scale = Math.Sqrt((i == 0 ? 1.0 : 2.0) / inputs);
            for (var n = 0; n < inputs; n++)
            {
                matrix[(i * inputs) + n] = (float)(scale * Math.Cos(Math.PI * i * (n + 0.5) / inputs));
            }
        }

        return matrix;
    }

    private static float[] BuildBinFrequencies()
    {
        var hz = new float[BinCount];
        for (var k = 0; k < BinCount; k++)
        {
            hz[k] = (float)((double)k * SampleRate / FftSize);
        }

        return hz;
    }

    /// <summary>Per-call working memory; not thread-safe, so each call (or thread) makes its own.</summary>
    internal sealed class Scratch
    {
        private readonly float[] _floats;

        public Scratch(YinPitchTracker yin)
        {
            _floats = new float[WindowLength + FftSize + (3 * BinCount) + (2 * MelBandCount) + yin.BlockLength];
            PitchScratchArray = new double[yin.ScratchLength];
            PitchBlockLength = yin.BlockLength;
        }

        public Span<float> Frame => _floats.AsSpan(0, WindowLength);

        public Span<float> Real => _floats.AsSpan(WindowLength, FftSize / 2);

        public Span<float> Imag => _floats.AsSpan(WindowLength + (FftSize / 2), FftSize / 2);

        public Span<float> Power => _floats.AsSpan(WindowLength + FftSize, BinCount);

        public Span<float> Magnitude => _floats.AsSpan(WindowLength + FftSize + BinCount, BinCount);

        public Span<float> Sort => _floats.AsSpan(WindowLength + FftSize + (2 * BinCount), BinCount);

        public Span<float> Mel => _floats.AsSpan(WindowLength + FftSize + (3 * BinCount), MelBandCount);

        public Span<float> LogMel => _floats.AsSpan(WindowLength + FftSize + (3 * BinCount) + MelBandCount, MelBandCount);

        public Span<float> PitchBlock => _floats.AsSpan(WindowLength + FftSize + (3 * BinCount) + (2 * MelBandCount), PitchBlockLength);

        public Span<double> PitchScratch => PitchScratchArray;

        private double[] PitchScratchArray { get; }

        private int PitchBlockLength { get; }
    }
}
