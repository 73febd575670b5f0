using EmotionGrid.Grains.Processing;
using OpenTelemetry.Metrics;

namespace EmotionGrid.Silo.Hosting;

public static class SiloMetrics
{
    /// <summary>OpenTelemetry metrics (ours, Orleans', ASP.NET Core's and the runtime's) in Prometheus text at <c>/metrics</c>.</summary>
    public static IServiceCollection AddSiloMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EmotionGridMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return services;
    }
}
