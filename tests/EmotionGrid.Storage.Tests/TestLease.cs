using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Storage.Tests;

/// <summary>The lease the tests process files under: one owner, long enough never to expire within a test.</summary>
internal static class TestLease
{
    public static FileLease Owner { get; } = new("test-silo", TimeSpan.FromMinutes(5));
}
