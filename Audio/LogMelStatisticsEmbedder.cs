using System.Buffers;
using System.Numerics.Tensors;

namespace EmotionGrid.Audio;

/// <summary>
/// A fixed-length acoustic summary of a clip: statistics of its log-mel spectrogram.
/// Frames are 25 ms (400 samples, periodic Hann window) every 10 ms (160 samples), 512-point
/// FFT power, 64 HTK mel bands over 0-8000 Hz, log(energy + 1e-10). A clip shorter than one
/// frame is zero-padded to one; otherwise trailing samples that do not fill a frame are dropped.
/// <para>Vector layout (Dimension 256), band b in 0..63:</para>
/// <list type="bullet">
/// <item><description>[b]: mean over frames of log-mel band b</description></item>
/// <item><description>[64 + b]: standard deviation (population) of band b</description></item>
/// <item><description>[128 + b]: mean of the delta x[t] - x[t-1] of band b (0 for one frame)</description></item>
/// <item><description>[192 + b]: standard deviation of that delta</description></item>
/// </list>
/// No shared mutable state (buffers are per call, pooled), so it is thread-safe; deterministic.
/// </summary>
public sealed class LogMelStatisticsEmbedder : IAudioEmbedder
{
    public const int WindowLength = 400;
    public const int HopLength = 160;
    public const int FftSize = 512;
    public const int BandCount = 64;
    private const float EnergyFloor = 1e-10f;

    private static readonly float[] HannWindow = BuildHann(WindowLength);
    private readonly Fft _fft = new(FftSize);
    private readonly MelFilterbank _mel = new(BandCount, FftSize, PreparedAudio.SampleRate, 0, 8000);

    public string Id => "logmel-v1";

    public int Dimension => 4 * BandCount;

    public float[] Embed(ReadOnlySpan<float> samples16kMono)
    {
        var frameCount = samples16kMono.Length <= WindowLength ? 1 : 1 + ((samples16kMono.Length - WindowLength) / HopLength);
        const int PowerOffset = 3 * FftSize;
        const int BandsOffset = PowerOffset + (FftSize / 2) + 1;
        var floats = ArrayPool<float>.Shared.Rent(BandsOffset + (3 * BandCount));
        var doubles = ArrayPool<double>.Shared.Rent(4 * BandCount);
        try
        {
            var buffers = floats.AsSpan();
            var frame = buffers[..WindowLength];
            var real = buffers.Slice(FftSize, FftSize);
            var imag = buffers.Slice(2 * FftSize, FftSize);
            var power = buffers.Slice(PowerOffset, (FftSize / 2) + 1);
            var logMel = buffers.Slice(BandsOffset, BandCount);
            var previous = buffers.Slice(BandsOffset + BandCount, BandCount);
            var delta = buffers.Slice(BandsOffset + (2 * BandCount), BandCount);
            var stats = doubles.AsSpan(0, 4 * BandCount);
            stats.Clear();
            var sum = stats[..BandCount];
            var sumSquares = stats.Slice(BandCount, BandCount);
            var deltaSum = stats.Slice(2 * BandCount, BandCount);
            var deltaSumSquares = stats.Slice(3 * BandCount, BandCount);

            for (var t = 0; t < frameCount; t++)
            {
                var start = t * HopLength;
                var available = Math.Min(WindowLength, samples16kMono.Length - start);
                samples16kMono.Slice(start, available).CopyTo(frame);
                frame[available..].Clear();
                TensorPrimitives.Multiply(frame, HannWindow, frame);
                _fft.PowerSpectrum(frame, power, real, imag);
                _mel.Apply(power, logMel);
                TensorPrimitives.Add(logMel, EnergyFloor, logMel);
                TensorPrimitives.Log(logMel, logMel);

                Accumulate(logMel, sum, sumSquares);
                if (t > 0)
                {
                    TensorPrimitives.Subtract(logMel, previous, delta);
                    Accumulate(delta, deltaSum, deltaSumSquares);
                }

                logMel.CopyTo(previous);
            }

            var vector = new float[Dimension];
            WriteMeanAndStd(sum, sumSquares, frameCount, vector.AsSpan(0, BandCount), vector.AsSpan(BandCount, BandCount));
            WriteMeanAndStd(deltaSum, deltaSumSquares, frameCount - 1, vector.AsSpan(2 * BandCount, BandCount), vector.AsSpan(3 * BandCount, BandCount));
            if (!TensorPrimitives.IsFiniteAll<float>(vector))
            {
                // Only reachable from NaN/infinite or absurdly large input samples.
                throw new ArgumentException("samples must be finite audio in [-1, 1]", nameof(samples16kMono));
            }

            return vector;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(floats);
            ArrayPool<double>.Shared.Return(doubles);
        }
    }

    private static void Accumulate(ReadOnlySpan<float> values, Span<double> sum, Span<double> sumSquares)
    {
        for (var b = 0; b < values.Length; b++)
        {
            double v = values[b];
            sum[b] += v;
            sumSquares[b] += v * v;
        }
    }

    private static void WriteMeanAndStd(ReadOnlySpan<double> sum, ReadOnlySpan<double> sumSquares, int count, Span<float> mean, Span<float> std)
    {
        if (count <= 0)
        {
            mean.Clear();
            std.Clear();
            return;
        }

        for (var b = 0; b < sum.Length; b++)
        {
            var m = sum[b] / count;
            mean[b] = (float)m;
            std[b] = (float)Math.Sqrt(Math.Max(0, (sumSquares[b] / count) - (m * m)));
        }
    }

    /// <summary>Periodic Hann (as torch/librosa use for STFTs): w[n] = 0.5 - 0.5 cos(2 pi n / N).</summary>
    private static float[] BuildHann(int length)
    {
        var window = new float[length];
        for (var n = 0; n < length; n++)
        {
            window[n] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * n / length)));
        }

        return window;
    }
}
