using System.Runtime.InteropServices;

namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>
/// One PocketSphinx decoder: decodes a whole utterance at a time. Not thread-safe (the library's decoder is
/// not); <see cref="DecoderPool"/> hands each to one session at a time.
/// </summary>
internal sealed unsafe class PocketSphinxDecoder : IDisposable
{
    /// <summary>PocketSphinx's feature frame rate (<c>-frate 100</c>): one frame per 10 ms.</summary>
    public const int FramesPerSecond = 100;

    // ps_init reads files and touches the library's global state (logging, byte-order probing): one at a time.
    private static readonly Lock CreateGate = new();

    private readonly DecoderHandle _handle;

    private PocketSphinxDecoder(DecoderHandle handle) => _handle = handle;

    /// <summary>
    /// A decoder configured by <paramref name="arguments"/> (name, value, name, value…; the library's own names such
    /// as <c>-hmm</c>); null with a reason when the arguments are refused or the model does not load.
    /// </summary>
    public static PocketSphinxDecoder? TryCreate(IReadOnlyList<string> arguments, out string reason)
    {
        lock (CreateGate)
        {
            return Create(arguments, out reason);
        }
    }

    public void Dispose() => _handle.Dispose();

    private static PocketSphinxDecoder? Create(IReadOnlyList<string> arguments, out string reason)
    {
        var argv = new ArgumentVector(["emotiongrid", .. arguments]);
        var config = PocketSphinxNative.cmd_ln_parse_r(IntPtr.Zero, PocketSphinxNative.ps_args(), argv.Count, argv.Pointer, 1);
        if (config == IntPtr.Zero)
        {
            argv.Dispose();
            reason = $"PocketSphinx refused the decoder arguments: {string.Join(' ', arguments)}";
            return null;
        }

        var decoder = PocketSphinxNative.ps_init(config);
        if (decoder == IntPtr.Zero)
        {
            PocketSphinxNative.cmd_ln_free_r(config);
            argv.Dispose();
            reason = $"PocketSphinx could not load its model ({string.Join(' ', arguments)})";
            return null;
        }

        reason = "";
        return new PocketSphinxDecoder(new DecoderHandle(decoder, config, argv));
    }

    /// <summary>
    /// Decodes <paramref name="samples"/> (16 kHz, 16-bit) as one utterance: the words in order with their frames
    /// relative to the first sample, fillers (silence, breath, noise, sentence marks) left out. Null when the
    /// library reported an error, empty when it heard no words.
    /// </summary>
    public IReadOnlyList<RecognisedWord>? Decode(ReadOnlySpan<short> samples)
    {
        var ps = _handle.DangerousGetHandle();
        if (PocketSphinxNative.ps_start_utt(ps) < 0)
        {
            return null;
        }

        int processed;
        fixed (short* data = samples)
        {
            // The whole utterance at once (full_utt = 1): cepstral mean normalisation over the utterance itself, so a
            // result never depends on what the decoder heard before.
            processed = PocketSphinxNative.ps_process_raw(ps, data, (nuint)samples.Length, 0, 1);
        }

        if (PocketSphinxNative.ps_end_utt(ps) < 0 || processed < 0)
        {
            return null;
        }

        return PocketSphinxNative.ps_get_hyp(ps, out _) == IntPtr.Zero ? [] : Words(ps);
    }

    private static List<RecognisedWord> Words(IntPtr ps)
    {
        var logmath = PocketSphinxNative.ps_get_logmath(ps);
        var words = new List<RecognisedWord>();
        for (var segment = PocketSphinxNative.ps_seg_iter(ps); segment != IntPtr.Zero; segment = PocketSphinxNative.ps_seg_next(segment))
        {
            var word = Marshal.PtrToStringUTF8(PocketSphinxNative.ps_seg_word(segment));
            if (word is null || IsFiller(word))
            {
                continue;
            }

            PocketSphinxNative.ps_seg_frames(segment, out var start, out var end);
            var posterior = PocketSphinxNative.logmath_exp(logmath, PocketSphinxNative.ps_seg_prob(segment, out _, out _, out _));
            words.Add(new RecognisedWord(BaseForm(word), start, end, Math.Clamp(double.IsFinite(posterior) ? posterior : 0, 0, 1)));
        }

        return words;
    }

    /// <summary>Silence and sentence marks (<c>&lt;sil&gt;</c>, <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>) and noise words (<c>[NOISE]</c>, <c>++BREATH++</c>).</summary>
    internal static bool IsFiller(string word) =>
        word.Length == 0 || word[0] is '<' or '[' || word.StartsWith("++", StringComparison.Ordinal);

    /// <summary>The dictionary word without its alternate-pronunciation mark: <c>the(2)</c> → <c>the</c>.</summary>
    internal static string BaseForm(string word)
    {
        var open = word.LastIndexOf('(');
        return open > 0 && word.EndsWith(')') ? word[..open] : word;
    }
}

/// <summary>A word as the decoder reports it: frames (10 ms, end inclusive) from the start of the utterance, and its lattice posterior.</summary>
internal readonly record struct RecognisedWord(string Word, int StartFrame, int EndFrame, double Posterior);
