using System.Buffers.Binary;
using System.Text;

namespace EmotionGrid.Bench;

/// <summary>Minimal .npy (format 1.0) writer for handing matrices to the Python peer: float32 and int32, C order.</summary>
public static class TrainNpyWriter
{
    public static void WriteMatrix(string path, float[][] rows)
    {
        var d = rows[0].Length;
        using var file = File.Create(path);
        WriteHeader(file, "<f4", $"({rows.Length}, {d})");
        var buffer = new byte[d * sizeof(float)];
        foreach (var row in rows)
        {
            for (var j = 0; j < d; j++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(j * sizeof(float)), row[j]);
            }

            file.Write(buffer);
        }
    }

    public static void WriteVector(string path, int[] values)
    {
        using var file = File.Create(path);
        WriteHeader(file, "<i4", $"({values.Length},)");
        var buffer = new byte[values.Length * sizeof(int)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(i * sizeof(int)), values[i]);
        }

        file.Write(buffer);
    }

    private static void WriteHeader(Stream file, string dtype, string shape)
    {
        var header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shape}, }}";
        // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        file.Write(length);
        file.Write(Encoding.ASCII.GetBytes(padded));
    }
}
