using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// A readiness check that is one probe: healthy when it answers (with what it says), unhealthy with the reason when it
/// throws. One instance per silo (a singleton) that logs each change: an outage once when it starts, once when it ends.
/// </summary>
public abstract class ProbeHealthCheck(string what, ILogger logger) : IHealthCheck
{
    private int _down;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = HealthCheckResult.Healthy(await ProbeAsync(cancellationToken));
            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                logger.LogInformation("Dependency back: {Dependency} answers again", context.Registration.Name);
            }

            return result;
        }
        catch (Exception e)
        {
            var reason = $"{what}: {e.Message}";
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                logger.LogWarning("Dependency down: {Reason}; work that needs it is retried when it is back", reason);
            }

            return HealthCheckResult.Unhealthy(reason);
        }
    }

    protected abstract Task<string?> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>Readiness: the catalog answers a query.</summary>
public sealed class CatalogHealthCheck(IFileCatalogQueries catalog, ILogger<CatalogHealthCheck> logger) : ProbeHealthCheck("catalog unreachable", logger)
{
    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await catalog.PingAsync(cancellationToken);
        return null;
    }
}

/// <summary>Readiness: the blob store answers.</summary>
public sealed class BlobStoreHealthCheck(IBlobStore store, ILogger<BlobStoreHealthCheck> logger) : ProbeHealthCheck("blob store unreachable", logger)
{
    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await store.PingAsync(cancellationToken);
        return null;
    }
}

/// <summary>Readiness: this silo answers grain calls and sees the cluster's active silos.</summary>
public sealed class OrleansHealthCheck(IGrainFactory grains, ILogger<OrleansHealthCheck> logger) : ProbeHealthCheck("Orleans does not answer", logger)
{
    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return $"{hosts.Count} active silo(s)";
    }
}

/// <summary>Runs the readiness checks every few seconds even when nobody polls <c>/readyz</c>, so an outage is logged when it happens.</summary>
public sealed class ReadinessLogPublisher : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken) => Task.CompletedTask; // the checks log their own changes
}
