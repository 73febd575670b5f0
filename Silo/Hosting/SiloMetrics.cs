using EmotionGrid.Grains.Processing;
using OpenTelemetry.Metrics;

namespace EmotionGrid.Silo.Hosting;

public static class SiloMetrics
{
    /// <summary>
    /// OpenTelemetry metrics (ours and ASP.NET Core's) in Prometheus text at <c>/metrics</c>. Orleans' own meter is
    /// left out: it records on every message, and its figures are on Orleans' dashboard at <c>/orleans</c>.
    /// </summary>
    public static IServiceCollection AddSiloMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EmotionGridMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return services;
    }
}
