using System.Reflection;
using System.Runtime.InteropServices;

namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>
/// Loads libpocketsphinx once per process and points <see cref="PocketSphinxNative"/>'s imports at it. The
/// resolver of an assembly can be set only once, so the first library that loads is the one every transcriber
/// uses; asking for a different file later is refused with a reason instead of silently using the first.
/// </summary>
internal static class PocketSphinxLibrary
{
    /// <summary>Where Debian and Ubuntu put libpocketsphinx3, then the plain soname for the loader's own search.</summary>
    public static readonly string[] DefaultCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3",
        "/usr/lib/aarch64-linux-gnu/libpocketsphinx.so.3",
        "/usr/lib/libpocketsphinx.so.3",
        "/usr/local/lib/libpocketsphinx.so.3",
        "libpocketsphinx.so.3",
    ];

    private static readonly Lock Gate = new();
    private static IntPtr _handle;
    private static string? _loadedFrom;
    private static bool _resolverSet;

    /// <summary>Loads the library (or confirms it is loaded from the same place); false with a reason otherwise.</summary>
    public static bool TryLoad(string? libraryPath, out string reason)
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero)
            {
                return AlreadyLoaded(libraryPath, out reason);
            }

            var candidates = libraryPath is null ? DefaultCandidates : [libraryPath];
            if (libraryPath is not null && Path.IsPathRooted(libraryPath) && !File.Exists(libraryPath))
            {
                reason = $"the PocketSphinx library {libraryPath} does not exist";
                return false;
            }

            foreach (var candidate in candidates)
            {
                if (Path.IsPathRooted(candidate) && !File.Exists(candidate))
                {
                    continue;
                }

                if (!NativeLibrary.TryLoad(candidate, out var handle))
                {
                    continue;
                }

                var missing = PocketSphinxNative.RequiredExports.FirstOrDefault(name => !NativeLibrary.TryGetExport(handle, name, out _));
                if (missing is not null)
                {
                    NativeLibrary.Free(handle);
                    reason = $"the PocketSphinx library {candidate} has no '{missing}': it is not the 0.8/5prealpha API (libpocketsphinx3)";
                    return false;
                }

                Install(handle, candidate);
                reason = "";
                return true;
            }

            reason = libraryPath is null
                ? $"the PocketSphinx library could not be loaded from any of {string.Join(", ", DefaultCandidates)} " +
                  "(install libpocketsphinx3 or set the library path)"
                : $"the PocketSphinx library {libraryPath} could not be loaded";
            return false;
        }
    }

    private static bool AlreadyLoaded(string? libraryPath, out string reason)
    {
        if (libraryPath is null || string.Equals(Path.GetFullPath(libraryPath), Path.GetFullPath(_loadedFrom!), StringComparison.Ordinal)
            || string.Equals(libraryPath, _loadedFrom, StringComparison.Ordinal))
        {
            reason = "";
            return true;
        }

        reason = $"PocketSphinx is already loaded from {_loadedFrom} in this process; the library {libraryPath} cannot be used as well";
        return false;
    }

    private static void Install(IntPtr handle, string path)
    {
        _handle = handle;
        _loadedFrom = path;
        if (!_resolverSet)
        {
            NativeLibrary.SetDllImportResolver(typeof(PocketSphinxLibrary).Assembly, Resolve);
            _resolverSet = true;
        }

        // The library logs every configuration value and every utterance to stderr by default; our own logging
        // reports what matters (see PocketSphinxTranscriber). This is process-wide, as the library's logger is.
        PocketSphinxNative.err_set_logfp(IntPtr.Zero);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == PocketSphinxNative.Library ? _handle : IntPtr.Zero;
}
