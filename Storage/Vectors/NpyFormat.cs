using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EmotionGrid.Storage.Vectors;

/// <summary>
/// NumPy <c>.npy</c> format 1.0 for float32 arrays (little-endian, C order): what <c>numpy.load</c> reads.
/// Vectors are 1-D; matrices (model snapshots) are 2-D.
/// </summary>
public static class NpyFormat
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    public static byte[] Write(ReadOnlySpan<float> vector)
    {
        using var stream = new MemoryStream();
        Write(stream, vector, [vector.Length]);
        return stream.ToArray();
    }

    public static void Write(Stream stream, ReadOnlySpan<float> data, IReadOnlyList<int> shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
        {
            throw new ArgumentException($"shape ({string.Join(',', shape)}) does not hold {data.Length} values", nameof(shape));
        }

        var shapeText = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shapeText}, }}";

        // Magic (8) + header length (2) + header + padding + '\n' must be a multiple of 64.
        var unpadded = Magic.Length + 2 + header.Length + 1;
        header += new string(' ', (64 - (unpadded % 64)) % 64) + "\n";

        stream.Write(Magic);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)header.Length));
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));

        var buffer = new byte[data.Length * sizeof(float)];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), data[i]);
        }

        stream.Write(buffer);
    }

    /// <summary>Reads a float32 <c>.npy</c> (format 1.x or 2.x) and returns its values and shape.</summary>
    public static (float[] Data, int[] Shape) Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        if (!prefix[..6].SequenceEqual(Magic.AsSpan(0, 6)))
        {
            throw new InvalidDataException("not a .npy file");
        }

        int headerLength;
        if (prefix[6] == 1)
        {
            Span<byte> len = stackalloc byte[2];
            stream.ReadExactly(len);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else
        {
            Span<byte> len = stackalloc byte[4];
            stream.ReadExactly(len);
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(len));
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var header = Encoding.ASCII.GetString(headerBytes);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"only little-endian float32 C-order .npy is supported, header: {header.Trim()}");
        }

        var shapeStart = header.IndexOf("'shape': (", StringComparison.Ordinal) + 10;
        var shapeEnd = header.IndexOf(')', shapeStart);
        var shape = header[shapeStart..shapeEnd]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
        var count = shape.Aggregate(1, (a, b) => checked(a * b));
        var bytes = new byte[count * sizeof(float)];
        stream.ReadExactly(bytes);
        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        }

        return (data, shape);
    }
}
