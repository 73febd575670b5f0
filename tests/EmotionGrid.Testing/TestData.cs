namespace EmotionGrid.Testing;

/// <summary>
/// Locates the shared RAVDESS speech beside the checkout. Tests that need it call
/// <see cref="RequireRavdess"/>: it skips with a reason when the data is absent, and fails
/// instead when EMOTIONGRID_REQUIRE_ALL=1 (CI), so nothing silently stops being tested.
/// </summary>
public static class TestData
{
    public static string? RepoRoot { get; } = FindRepoRoot();

    public static string? RavdessRoot
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("EMOTIONGRID_RAVDESS");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return Directory.Exists(fromEnv) ? fromEnv : null;
            }

            if (RepoRoot is null)
            {
                return null;
            }

            var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "ravdess"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The RAVDESS root (with <c>16k/</c> and <c>48k/</c>), or a skip/failure with the reason.</summary>
    public static string RequireRavdess()
    {
        var root = RavdessRoot;
        if (root is null)
        {
            Requirement.Unmet("the RAVDESS speech data (../shared/data/ravdess or $EMOTIONGRID_RAVDESS) is not present");
        }

        return root!;
    }

    /// <summary>Debian's PocketSphinx and its US English model (installed by .ci/run), or a skip/failure with the reason.</summary>
    public static void RequirePocketSphinx()
    {
        if (!File.Exists("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin") || !File.Exists("/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3"))
        {
            Requirement.Unmet("PocketSphinx and its English model are not installed (Debian: apt-get install libpocketsphinx3 pocketsphinx-en-us)");
        }
    }

    /// <summary>The four emotions the training tests train and score on (RAVDESS codes 02–05).</summary>
    public static readonly string[] TrainedEmotions = ["calm", "happy", "sad", "angry"];

    /// <summary>
    /// The emotion a RAVDESS name (<c>03-01-EE-…</c>) states, from the dataset's own code table: the tests' ground
    /// truth, written apart from the product's file-name parser so that a parser bug cannot mark its own work.
    /// </summary>
    public static string RavdessEmotion(string path) => Path.GetFileName(path).Split('-')[2] switch
    {
        "01" => "neutral",
        "02" => "calm",
        "03" => "happy",
        "04" => "sad",
        "05" => "angry",
        "06" => "fearful",
        "07" => "disgust",
        "08" => "surprised",
        var code => throw new ArgumentException($"{path}: {code} is not a RAVDESS emotion code", nameof(path)),
    };

    /// <summary>The RAVDESS emotion of a file when it is one of <see cref="TrainedEmotions"/>, else null.</summary>
    public static string? TrainedEmotionOf(string path) => RavdessEmotion(path) is var e && TrainedEmotions.Contains(e) ? e : null;

    public static string[] RavdessFiles(string relativeFolder, string pattern = "*.wav")
    {
        var folder = Path.Combine(RequireRavdess(), relativeFolder);
        if (!Directory.Exists(folder))
        {
            Requirement.Unmet($"the RAVDESS folder {folder} is not present");
        }

        var files = Directory.GetFiles(folder, pattern, SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmotionGrid.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
