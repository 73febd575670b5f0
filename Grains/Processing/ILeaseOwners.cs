namespace EmotionGrid.Grains.Processing;

/// <summary>
/// Who holds processing leases in the catalog: this silo's identity, and whether another holder is known to
/// be dead (its files may then be taken over at once instead of after the lease expires).
/// </summary>
public interface ILeaseOwners
{
    /// <summary>This silo's lease owner name.</summary>
    string Self { get; }

    /// <summary>True only when <paramref name="owner"/> can no longer write: the cluster declared it dead.</summary>
    bool IsDead(string owner);
}
