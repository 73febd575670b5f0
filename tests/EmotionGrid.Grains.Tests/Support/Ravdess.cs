using EmotionGrid.Testing;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>A few real RAVDESS clips (skips, or fails under EMOTIONGRID_REQUIRE_ALL=1, when the data is absent).</summary>
internal static class Ravdess
{
    public static string[] Actor01(int count)
    {
        var files = TestData.RavdessFiles("16k/Actor_01");
        if (files.Length < count)
        {
            Requirement.Unmet($"only {files.Length} RAVDESS files in 16k/Actor_01, {count} needed");
        }

        return files[..count];
    }
}
