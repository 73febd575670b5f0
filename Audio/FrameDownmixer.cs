using System.Buffers.Binary;
using System.Globalization;

namespace EmotionGrid.Audio;

/// <summary>
/// Turns a block of interleaved WAV frames into mono samples in [-1, 1] by averaging the
/// channels. Each encoding is a struct reader so the JIT specialises one tight loop per format.
/// </summary>
internal static class FrameDownmixer
{
    /// <summary>
    /// Writes one mono sample per whole frame of <paramref name="frames"/> into <paramref name="mono"/>.
    /// Returns how many float samples had to be clamped into [-1, 1]; throws on NaN or infinity.
    /// <paramref name="firstFrame"/> is only for the error message.
    /// </summary>
    public static int Downmix(ReadOnlySpan<byte> frames, WavFormat format, Span<float> mono, long firstFrame) =>
        format.Encoding switch
        {
            WavSampleEncoding.UnsignedPcm8 => Integer<UnsignedPcm8>(frames, format.Channels, mono),
            WavSampleEncoding.SignedPcm16 => Integer<SignedPcm16>(frames, format.Channels, mono),
            WavSampleEncoding.SignedPcm24 => Integer<SignedPcm24>(frames, format.Channels, mono),
            WavSampleEncoding.SignedPcm32 => Integer<SignedPcm32>(frames, format.Channels, mono),
            WavSampleEncoding.MuLaw => Integer<MuLaw>(frames, format.Channels, mono),
            WavSampleEncoding.ALaw => Integer<ALaw>(frames, format.Channels, mono),
            WavSampleEncoding.Float32 => Float<Float32>(frames, format.Channels, mono, firstFrame),
            _ => Float<Float64>(frames, format.Channels, mono, firstFrame),
        };

    /// <summary>Integer codes cannot leave [-1, 1], so nothing is checked or clamped.</summary>
    private static int Integer<T>(ReadOnlySpan<byte> frames, int channels, Span<float> mono)
        where T : struct, ISampleReader
    {
        var size = T.Size;
        if (channels == 1)
        {
            for (var i = 0; i < mono.Length; i++)
            {
                mono[i] = (float)T.Read(frames.Slice(i * size, size));
            }

            return 0;
        }

        var frameSize = size * channels;
        var scale = 1.0 / channels;
        for (var f = 0; f < mono.Length; f++)
        {
            var frame = frames.Slice(f * frameSize, frameSize);
            var sum = 0.0;
            for (var c = 0; c < frameSize; c += size)
            {
                sum += T.Read(frame.Slice(c, size));
            }

            mono[f] = (float)(sum * scale);
        }

        return 0;
    }

    /// <summary>
    /// Float sources may hold NaN, infinity or values beyond full scale. Each channel is
    /// pre-scaled before summing so finite doubles never overflow in the average.
    /// </summary>
    private static int Float<T>(ReadOnlySpan<byte> frames, int channels, Span<float> mono, long firstFrame)
        where T : struct, ISampleReader
    {
        var size = T.Size;
        var frameSize = size * channels;
        var scale = 1.0 / channels;
        var clamped = 0;
        for (var f = 0; f < mono.Length; f++)
        {
            var frame = frames.Slice(f * frameSize, frameSize);
            var sum = 0.0;
            for (var c = 0; c < frameSize; c += size)
            {
                sum += T.Read(frame.Slice(c, size)) * scale;
            }

            if (!double.IsFinite(sum))
            {
                var what = double.IsNaN(sum) ? "NaN" : "infinite";
                throw new AudioFormatException(string.Create(
                    CultureInfo.InvariantCulture, $"invalid float sample: {what} at frame {firstFrame + f}"));
            }

            if (sum is > 1.0 or < -1.0)
            {
                clamped++;
                sum = Math.Clamp(sum, -1.0, 1.0);
            }

            mono[f] = (float)sum;
        }

        return clamped;
    }

    private interface ISampleReader
    {
        static abstract int Size { get; }

        static abstract double Read(ReadOnlySpan<byte> sample);
    }

    private readonly struct UnsignedPcm8 : ISampleReader
    {
        public static int Size => 1;

        public static double Read(ReadOnlySpan<byte> sample) => (sample[0] - 128) * (1.0 / 128);
    }

    private readonly struct SignedPcm16 : ISampleReader
    {
        public static int Size => 2;

        public static double Read(ReadOnlySpan<byte> sample) =>
            BinaryPrimitives.ReadInt16LittleEndian(sample) * (1.0 / 32768);
    }

    private readonly struct SignedPcm24 : ISampleReader
    {
        public static int Size => 3;

        // Assemble into the top 24 bits of an int so the sign extends for free.
        public static double Read(ReadOnlySpan<byte> sample) =>
            ((sample[0] << 8) | (sample[1] << 16) | (sample[2] << 24)) * (1.0 / 2147483648.0);
    }

    private readonly struct SignedPcm32 : ISampleReader
    {
        public static int Size => 4;

        public static double Read(ReadOnlySpan<byte> sample) =>
            BinaryPrimitives.ReadInt32LittleEndian(sample) * (1.0 / 2147483648.0);
    }

    private readonly struct MuLaw : ISampleReader
    {
        public static int Size => 1;

        public static double Read(ReadOnlySpan<byte> sample) => G711.MuLawTable[sample[0]];
    }

    private readonly struct ALaw : ISampleReader
    {
        public static int Size => 1;

        public static double Read(ReadOnlySpan<byte> sample) => G711.ALawTable[sample[0]];
    }

    private readonly struct Float32 : ISampleReader
    {
        public static int Size => 4;

        public static double Read(ReadOnlySpan<byte> sample) => BinaryPrimitives.ReadSingleLittleEndian(sample);
    }

    private readonly struct Float64 : ISampleReader
    {
        public static int Size => 8;

        public static double Read(ReadOnlySpan<byte> sample) => BinaryPrimitives.ReadDoubleLittleEndian(sample);
    }
}
