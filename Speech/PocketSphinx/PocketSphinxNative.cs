using System.Runtime.InteropServices;

namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>
/// The few functions of libpocketsphinx 0.8+5prealpha (and of libsphinxbase, which it links, so the same handle
/// finds them) that one decoder needs, declared from the Debian headers (pocketsphinx.h, cmd_ln.h, logmath.h, err.h).
/// Only non-variadic functions: <c>cmd_ln_init</c> and the error callback are variadic and cannot be called safely
/// from .NET, so the configuration goes through <c>cmd_ln_parse_r</c> and logging is switched off with
/// <c>err_set_logfp(NULL)</c>. The library name is resolved by <see cref="PocketSphinxLibrary"/> to whatever file
/// it loaded, never by the default probing.
/// </summary>
internal static unsafe partial class PocketSphinxNative
{
    public const string Library = "emotiongrid-pocketsphinx";

    [LibraryImport(Library)]
    public static partial IntPtr ps_args();

    [LibraryImport(Library)]
    public static partial IntPtr cmd_ln_parse_r(IntPtr inoutCmdln, IntPtr definitions, int argc, IntPtr argv, int strict);

    [LibraryImport(Library)]
    public static partial int cmd_ln_free_r(IntPtr cmdln);

    [LibraryImport(Library)]
    public static partial IntPtr ps_init(IntPtr config);

    [LibraryImport(Library)]
    public static partial int ps_free(IntPtr ps);

    [LibraryImport(Library)]
    public static partial int ps_start_utt(IntPtr ps);

    [LibraryImport(Library)]
    public static partial int ps_process_raw(IntPtr ps, short* data, nuint sampleCount, int noSearch, int fullUtterance);

    [LibraryImport(Library)]
    public static partial int ps_end_utt(IntPtr ps);

    [LibraryImport(Library)]
    public static partial IntPtr ps_get_hyp(IntPtr ps, out int bestScore);

    [LibraryImport(Library)]
    public static partial IntPtr ps_seg_iter(IntPtr ps);

    [LibraryImport(Library)]
    public static partial IntPtr ps_seg_next(IntPtr segment);

    [LibraryImport(Library)]
    public static partial IntPtr ps_seg_word(IntPtr segment);

    [LibraryImport(Library)]
    public static partial void ps_seg_frames(IntPtr segment, out int startFrame, out int endFrame);

    [LibraryImport(Library)]
    public static partial int ps_seg_prob(IntPtr segment, out int acousticScore, out int languageScore, out int languageBackoff);

    [LibraryImport(Library)]
    public static partial void ps_seg_free(IntPtr segment);

    [LibraryImport(Library)]
    public static partial IntPtr ps_get_logmath(IntPtr ps);

    [LibraryImport(Library)]
    public static partial double logmath_exp(IntPtr logmath, int logProbability);

    [LibraryImport(Library)]
    public static partial void err_set_logfp(IntPtr stream);

    /// <summary>The exports <see cref="PocketSphinxLibrary"/> checks before use: a library without them is another API.</summary>
    public static readonly string[] RequiredExports =
    [
        "ps_args", "cmd_ln_parse_r", "cmd_ln_free_r", "ps_init", "ps_free", "ps_start_utt", "ps_process_raw",
        "ps_end_utt", "ps_get_hyp", "ps_seg_iter", "ps_seg_next", "ps_seg_word", "ps_seg_frames", "ps_seg_prob",
        "ps_seg_free", "ps_get_logmath", "logmath_exp", "err_set_logfp",
    ];
}
