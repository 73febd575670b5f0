namespace EmotionGrid.Bench;

/// <summary>Finds the shared RAVDESS data (never copied into the repo).</summary>
public static class BenchData
{
    public static string RavdessRoot(string[] args)
    {
        var index = Array.IndexOf(args, "--data");
        var candidates = new[]
        {
            index >= 0 && index + 1 < args.Length ? args[index + 1] : null,
            Environment.GetEnvironmentVariable("EMOTIONGRID_RAVDESS"),
            Path.Combine(RepoRoot(), "..", "shared", "data", "ravdess"),
        };
        return candidates.FirstOrDefault(c => c is not null && Directory.Exists(c))
            ?? throw new DirectoryNotFoundException("RAVDESS data not found: pass --data DIR or set EMOTIONGRID_RAVDESS");
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmotionGrid.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
