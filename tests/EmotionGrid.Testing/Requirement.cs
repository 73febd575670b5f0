using Xunit;

namespace EmotionGrid.Testing;

/// <summary>Skip-or-fail for tests that need something outside the repo (shared data, a server).</summary>
public static class Requirement
{
    public static bool AllRequired =>
        Environment.GetEnvironmentVariable("EMOTIONGRID_REQUIRE_ALL") is "1" or "true";

    /// <summary>Skips the current test with <paramref name="reason"/>, or fails it when everything is required.</summary>
    public static void Unmet(string reason)
    {
        if (AllRequired)
        {
            Assert.Fail($"EMOTIONGRID_REQUIRE_ALL=1 but {reason}");
        }

        Assert.Skip($"Skipped: {reason}");
    }
}
