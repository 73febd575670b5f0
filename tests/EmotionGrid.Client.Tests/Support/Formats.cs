using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EmotionGrid.Client.Tests.Support;

/// <summary>Independent readers for what the CLI writes: the .npy header and RFC 4180 CSV.</summary>
public static partial class Formats
{
    /// <summary>Checks the .npy magic and header; returns the vector length (1-D float32 little-endian).</summary>
    public static int NpyFloat32Length(byte[] bytes)
    {
        Assert.True(bytes.Length > 10, "the .npy is too short");
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'], bytes[..6]);
        var major = bytes[6];
        var (headerLength, start) = major == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12);
        var header = Encoding.ASCII.GetString(bytes, start, headerLength);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'fortran_order': False", header);
        var shape = ShapePattern().Match(header);
        Assert.True(shape.Success, $"no 1-D shape in the .npy header: {header}");
        var length = int.Parse(shape.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(0, (start + headerLength) % 16); // numpy aligns the data
        Assert.Equal(start + headerLength + (4 * length), bytes.Length);
        return length;
    }

    public static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.False(quoted, "the CSV ends inside a quoted field");
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }

    [GeneratedRegex(@"'shape': \((\d+),\)")]
    private static partial Regex ShapePattern();
}
