using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmotionGrid.Silo.Api;

/// <summary>Readiness: the catalog answers a query.</summary>
public sealed class CatalogHealthCheck(IFileCatalogQueries catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await catalog.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"catalog unreachable: {e.Message}");
        }
    }
}

/// <summary>Readiness: the blob store answers.</summary>
public sealed class BlobStoreHealthCheck(IBlobStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"blob store unreachable: {e.Message}");
        }
    }
}

/// <summary>Readiness: this silo answers grain calls and sees the cluster's active silos.</summary>
public sealed class OrleansHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"{hosts.Count} active silo(s)");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"Orleans does not answer: {e.Message}");
        }
    }
}
