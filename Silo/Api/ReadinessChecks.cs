using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmotionGrid.Silo.Api;

/// <summary>A readiness check that is one probe: healthy when it answers (with what it says), unhealthy with the reason when it throws.</summary>
public abstract class ProbeHealthCheck(string what) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return HealthCheckResult.Healthy(await ProbeAsync(cancellationToken));
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{what}: {e.Message}");
        }
    }

    protected abstract Task<string?> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>Readiness: the catalog answers a query.</summary>
public sealed class CatalogHealthCheck(IFileCatalogQueries catalog) : ProbeHealthCheck("catalog unreachable")
{
    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await catalog.PingAsync(cancellationToken);
        return null;
    }
}

/// <summary>Readiness: the blob store answers.</summary>
public sealed class BlobStoreHealthCheck(IBlobStore store) : ProbeHealthCheck("blob store unreachable")
{
    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await store.PingAsync(cancellationToken);
        return null;
    }
}

/// <summary>Readiness: this silo answers grain calls and sees the cluster's active silos.</summary>
public sealed class OrleansHealthCheck(IGrainFactory grains) : ProbeHealthCheck("Orleans does not answer")
{
    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return $"{hosts.Count} active silo(s)";
    }
}
