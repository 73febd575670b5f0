using System.Text;

namespace EmotionGrid.Audio;

/// <summary>
/// Recognises what a non-WAV upload is from its first bytes, so the rejection can say
/// "looks like an MP3 file" instead of a bare "not RIFF": users mostly upload the wrong format.
/// </summary>
internal static class FileSignature
{
    /// <summary>A short description such as "an MP3 file (ID3 tag)", or null when unrecognised.</summary>
    public static string? Describe(ReadOnlySpan<byte> head)
    {
        if (Starts(head, "FORM"u8))
        {
            return head.Length >= 12 && head.Slice(8, 4).SequenceEqual("AIFC"u8) ? "an AIFF-C file" : "an AIFF file";
        }

        if (Starts(head, "ID3"u8))
        {
            return "an MP3 file (ID3 tag)";
        }

        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
        {
            // MPEG audio frame sync; layer bits 00 mean an AAC ADTS stream rather than MP1/2/3.
            return (head[1] & 0x06) == 0 ? "an AAC file (ADTS frame sync)" : "an MP3 file (MPEG frame sync)";
        }

        if (Starts(head, "fLaC"u8))
        {
            return "a FLAC file";
        }

        if (Starts(head, "OggS"u8))
        {
            return "an Ogg file (Vorbis/Opus)";
        }

        if (Starts(head, [0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            return "a PNG image";
        }

        if (Starts(head, [0xFF, 0xD8, 0xFF]))
        {
            return "a JPEG image";
        }

        if (head.Length >= 8 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return "an MP4/M4A file";
        }

        if (Starts(head, [0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "a WebM/Matroska file";
        }

        if (Starts(head, "caff"u8))
        {
            return "a Core Audio (CAF) file";
        }

        if (Starts(head, ".snd"u8))
        {
            return "a Sun/NeXT AU file";
        }

        if (Starts(head, "%PDF"u8))
        {
            return "a PDF document";
        }

        if (Starts(head, "PK"u8) && head.Length >= 4 && head[2] == 3 && head[3] == 4)
        {
            return "a ZIP archive";
        }

        return LooksLikeText(head) ? "plain text" : null;
    }

    /// <summary>Describes a RIFF container whose form type is not WAVE (AVI, WebP, ...).</summary>
    public static string DescribeRiffForm(ReadOnlySpan<byte> formType) => formType switch
    {
        _ when formType.SequenceEqual("AVI "u8) => "an AVI video (RIFF form 'AVI ')",
        _ when formType.SequenceEqual("WEBP"u8) => "a WebP image (RIFF form 'WEBP')",
        _ when formType.SequenceEqual("RMID"u8) => "a RIFF MIDI file (RIFF form 'RMID')",
        _ => $"a RIFF file of form '{Printable(formType)}', not 'WAVE'",
    };

    /// <summary>Four-character codes shown in messages, with unprintable bytes escaped.</summary>
    public static string Printable(ReadOnlySpan<byte> fourCc)
    {
        var text = new StringBuilder(fourCc.Length);
        foreach (var b in fourCc)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.ToString();
    }

    private static bool Starts(ReadOnlySpan<byte> head, ReadOnlySpan<byte> magic) => head.StartsWith(magic);

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return true;
        }

        foreach (var b in head)
        {
            var printable = b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\r' or (byte)'\n';
            if (!printable)
            {
                return false;
            }
        }

        return !head.IsEmpty;
    }
}
