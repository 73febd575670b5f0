namespace EmotionGrid.Audio;

/// <summary>
/// ITU-T G.711 expansion of 8-bit mu-law and A-law codes to linear samples in [-1, 1],
/// as 256-entry tables: decoding is then one lookup per sample.
/// </summary>
internal static class G711
{
    public static ReadOnlySpan<float> MuLawTable => MuLaw;

    public static ReadOnlySpan<float> ALawTable => ALaw;

    private static readonly float[] MuLaw = BuildTable(MuLawToLinear16);
    private static readonly float[] ALaw = BuildTable(ALawToLinear16);

    /// <summary>The reference G.711 mu-law expansion to a 16-bit linear value (range ±32124).</summary>
    public static int MuLawToLinear16(byte code)
    {
        var u = ~code & 0xFF;
        var magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
    }

    /// <summary>The reference G.711 A-law expansion to a 16-bit linear value (range ±32256).</summary>
    public static int ALawToLinear16(byte code)
    {
        var a = code ^ 0x55;
        var magnitude = (a & 0x0F) << 4;
        var segment = (a & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    private static float[] BuildTable(Func<byte, int> expand)
    {
        var table = new float[256];
        for (var code = 0; code < 256; code++)
        {
            table[code] = expand((byte)code) / 32768f;
        }

        return table;
    }
}
