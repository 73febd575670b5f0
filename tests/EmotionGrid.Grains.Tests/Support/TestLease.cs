using EmotionGrid.Grains.Processing;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>The one lease owner of the processor tests (their "silo"): the crashed runs they simulate are its own.</summary>
internal static class TestLease
{
    public static FileLease Owner { get; } = new(Owners.Instance.Self, TimeSpan.FromMinutes(5));

    public sealed class Owners : ILeaseOwners
    {
        public static Owners Instance { get; } = new();

        public string Self => "test-silo";

        public bool IsDead(string owner) => false;
    }
}
