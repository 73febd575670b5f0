using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EmotionGrid.Storage.Vectors;
using EmotionGrid.Testing;

namespace EmotionGrid.Storage.Tests;

public sealed class NpyFormatTests : IDisposable
{
    private const string Python = "/usr/bin/python3";

    private static readonly float[] Awkward =
    [
        0f, -0f, 1f, -1.5f, 3.14159274f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
        1e-38f, 123456.789f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-npy-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_vector_round_trips_bit_for_bit()
    {
        var bytes = NpyFormat.Write(Awkward);

        var (data, shape) = NpyFormat.Read(new MemoryStream(bytes));

        Assert.Equal([Awkward.Length], shape);
        Assert.Equal(Bits(Awkward), Bits(data));
    }

    [Fact]
    public void An_empty_vector_round_trips()
    {
        var (data, shape) = NpyFormat.Read(new MemoryStream(NpyFormat.Write([])));

        Assert.Equal([0], shape);
        Assert.Empty(data);
    }

    [Fact]
    public void A_matrix_round_trips_in_C_order()
    {
        var values = Enumerable.Range(0, 12).Select(i => (i * 0.25f) - 1).ToArray();
        using var stream = new MemoryStream();
        NpyFormat.Write(stream, values, [3, 4]);
        stream.Position = 0;

        var (data, shape) = NpyFormat.Read(stream);

        Assert.Equal([3, 4], shape);
        Assert.Equal(values, data);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void The_header_is_npy_1_0_padded_to_64_bytes_and_the_data_follows_little_endian()
    {
        float[] vector = [1f, -2f, 0.5f, 1e10f, -0f];

        var bytes = NpyFormat.Write(vector);

        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        var dataStart = 10 + headerLength;
        Assert.Equal(0, dataStart % 64);
        Assert.Equal(dataStart + (vector.Length * 4), bytes.Length);

        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        Assert.StartsWith("{", header, StringComparison.Ordinal);
        Assert.Contains("'descr': '<f4'", header, StringComparison.Ordinal);
        Assert.Contains("'fortran_order': False", header, StringComparison.Ordinal);
        Assert.Contains("'shape': (5,)", header, StringComparison.Ordinal);

        for (var i = 0; i < vector.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(vector[i]), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(dataStart + (i * 4), 4)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(192)]
    [InlineData(100_000)]
    public void The_header_of_any_length_vector_ends_on_a_64_byte_boundary(int length)
    {
        var bytes = NpyFormat.Write(new float[length]);

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Contains($"'shape': ({length},)", Encoding.ASCII.GetString(bytes, 10, headerLength), StringComparison.Ordinal);
    }

    [Fact]
    public void A_matrix_header_names_both_dimensions()
    {
        using var stream = new MemoryStream();
        NpyFormat.Write(stream, new float[6], [2, 3]);
        var bytes = stream.ToArray();

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        Assert.Contains("'shape': (2, 3)", Encoding.ASCII.GetString(bytes, 10, headerLength), StringComparison.Ordinal);
        Assert.Equal(0, (10 + headerLength) % 64);
    }

    [Fact]
    public void A_shape_that_does_not_hold_the_data_is_refused()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => NpyFormat.Write(stream, new float[6], [4, 2]));
        Assert.Equal(0, stream.Length);
    }

    [Theory]
    [InlineData("RIFF\u0024\0\0\0WAVEfmt ")]
    [InlineData("PK\u0003\u0004 this is a zip")]
    [InlineData("\u0093NUMPZ\u0001\0\u0010\0")]
    public void Something_that_is_not_npy_is_rejected(string content)
    {
        var bytes = Encoding.Latin1.GetBytes(content);

        Assert.Throws<InvalidDataException>(() => NpyFormat.Read(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }")]
    [InlineData("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }")]
    public void Npy_files_of_another_type_or_layout_are_rejected(string header)
    {
        var bytes = HandMade(header, version: 1, new byte[32]);

        Assert.Throws<InvalidDataException>(() => NpyFormat.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_truncated_file_is_rejected()
    {
        var bytes = NpyFormat.Write([1f, 2f, 3f]);

        Assert.Throws<EndOfStreamException>(() => NpyFormat.Read(new MemoryStream(bytes[..^2])));
        Assert.Throws<EndOfStreamException>(() => NpyFormat.Read(new MemoryStream(bytes[..5])));
    }

    [Fact]
    public void Version_2_headers_are_read()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(data, 2.5f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -7f);

        var (values, shape) = NpyFormat.Read(new MemoryStream(HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", version: 2, data)));

        Assert.Equal([2], shape);
        Assert.Equal([2.5f, -7f], values);
    }

    [Fact]
    public async Task NumPy_loads_what_we_write()
    {
        RequireNumpy();
        var vectorPath = Path.Combine(_folder, "vector.npy");
        var matrixPath = Path.Combine(_folder, "matrix.npy");
        await File.WriteAllBytesAsync(vectorPath, NpyFormat.Write(Awkward), Ct);
        var matrix = Enumerable.Range(0, 12).Select(i => (i * 1.75f) - 3).ToArray();
        await using (var stream = File.Create(matrixPath))
        {
            NpyFormat.Write(stream, matrix, [3, 4]);
        }

        // Bit patterns, not decimal text: NaN, infinities and -0 compare exactly.
        var vector = await RunPythonAsync(
            "import numpy as np, sys; a = np.load(sys.argv[1]); " +
            "print(a.dtype.str); print(','.join(map(str, a.shape))); print(int(a.flags['C_CONTIGUOUS'])); " +
            "print(','.join(str(v) for v in a.view('<u4').ravel().tolist()))",
            vectorPath);
        Assert.Equal(["<f4", Awkward.Length.ToString(CultureInfo.InvariantCulture), "1", string.Join(',', Bits(Awkward).Select(b => (uint)b))], vector);

        var loaded = await RunPythonAsync(
            "import numpy as np, sys; a = np.load(sys.argv[1]); " +
            "print(a.dtype.str); print(','.join(map(str, a.shape))); print(repr(a[1, 2].item())); print(repr(a.sum(axis=1).tolist()))",
            matrixPath);
        Assert.Equal("<f4", loaded[0]);
        Assert.Equal("3,4", loaded[1]);
        Assert.Equal(matrix[6].ToString("R", CultureInfo.InvariantCulture), loaded[2]); // row 1, column 2 in C order
        Assert.Equal("[-1.5, 26.5, 54.5]", loaded[3]); // rows of (-3, -1.25, 0.5, 2.25), (4, …), (11, …)
    }

    [Fact]
    public async Task We_read_what_NumPy_saves()
    {
        RequireNumpy();
        var vectorPath = Path.Combine(_folder, "from-numpy-vector.npy");
        var matrixPath = Path.Combine(_folder, "from-numpy-matrix.npy");

        await RunPythonAsync(
            "import numpy as np, sys; " +
            "np.save(sys.argv[1], np.array([0.1, -2.5, 3e-5, 1e30, -0.0, np.inf], dtype='<f4')); " +
            "np.save(sys.argv[2], (np.arange(15, dtype='<f4').reshape(5, 3) / 4 - 1))",
            vectorPath, matrixPath);

        var (vector, vectorShape) = NpyFormat.Read(File.OpenRead(vectorPath));
        Assert.Equal([6], vectorShape);
        Assert.Equal(Bits([0.1f, -2.5f, 3e-5f, 1e30f, -0f, float.PositiveInfinity]), Bits(vector));

        var (matrix, matrixShape) = NpyFormat.Read(File.OpenRead(matrixPath));
        Assert.Equal([5, 3], matrixShape);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (i / 4f) - 1), matrix);
    }

    private static void RequireNumpy()
    {
        if (!File.Exists(Python))
        {
            Requirement.Unmet($"{Python} (Debian python3) is not installed");
        }

        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import numpy"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        probe.WaitForExit();
        if (probe.ExitCode != 0)
        {
            Requirement.Unmet("numpy (Debian python3-numpy) is not installed");
        }
    }

    private static async Task<string[]> RunPythonAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"python failed ({process.ExitCode}): {await stderr}");
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static int[] Bits(IEnumerable<float> values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static byte[] HandMade(string header, int version, byte[] data)
    {
        var padded = header + new string(' ', 64 - ((header.Length + 1 + (version == 1 ? 10 : 12)) % 64)) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        if (version == 1)
        {
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
            stream.Write(length);
        }
        else
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)padded.Length);
            stream.Write(length);
        }

        stream.Write(Encoding.ASCII.GetBytes(padded));
        stream.Write(data);
        return stream.ToArray();
    }
}
