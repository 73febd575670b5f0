using System.Buffers.Binary;
using System.Text;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>Writes small 16-bit PCM WAV files in memory, so no audio is ever committed.</summary>
internal static class SyntheticWav
{
    public static byte[] Sine(double frequencyHz = 440, double seconds = 1.0, int sampleRate = 16_000, int channels = 1, double amplitude = 0.5)
    {
        var frames = (int)Math.Round(seconds * sampleRate);
        var dataBytes = frames * channels * 2;
        var bytes = new byte[44 + dataBytes];
        var span = bytes.AsSpan();
        Encoding.ASCII.GetBytes("RIFF").CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataBytes));
        Encoding.ASCII.GetBytes("WAVE").CopyTo(span[8..]);
        Encoding.ASCII.GetBytes("fmt ").CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(sampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        Encoding.ASCII.GetBytes("data").CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataBytes);
        for (var i = 0; i < frames; i++)
        {
            var value = (short)Math.Round(amplitude * short.MaxValue * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate));
            for (var c = 0; c < channels; c++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(span[(44 + (((i * channels) + c) * 2))..], value);
            }
        }

        return bytes;
    }
}
