using Orleans.Runtime;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// Lease owners are silo addresses (<c>ip:port@generation</c>). A holder is dead when Orleans' membership says
/// so, or when a newer generation runs on its endpoint (the process restarted; embedded mode after a crash).
/// A silo Orleans declared dead stops itself, so taking its files over cannot race a live writer for long.
/// </summary>
public sealed class SiloLeaseOwners(ILocalSiloDetails local, IClusterMembershipService membership) : ILeaseOwners
{
    public string Self => local.SiloAddress.ToParsableString();

    public bool IsDead(string owner)
    {
        SiloAddress holder;
        try
        {
            holder = SiloAddress.FromParsableString(owner);
        }
        catch (FormatException)
        {
            return false; // not a silo address: only its expiry can free the lease
        }

        if (holder.Equals(local.SiloAddress))
        {
            return false;
        }

        var members = membership.CurrentSnapshot.Members;
        if (members.TryGetValue(holder, out var member) && member.Status == SiloStatus.Dead)
        {
            return true;
        }

        // A newer generation on the same endpoint means the holder's process is gone.
        return holder.Endpoint.Equals(local.SiloAddress.Endpoint) && holder.Generation < local.SiloAddress.Generation
            || members.Keys.Any(m => m.Endpoint.Equals(holder.Endpoint) && m.Generation > holder.Generation);
    }
}
