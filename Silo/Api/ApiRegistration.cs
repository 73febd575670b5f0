using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using EmotionGrid.Silo.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Serilog;
using Serilog.Events;

namespace EmotionGrid.Silo.Api;

public static class ApiRegistration
{
    public const string ReadyTag = "ready";

    public const string PredictLimiter = "predict";

    /// <param name="predictionConcurrency">Predictions computed at once; more wait (bounded) or get 503.</param>
    public static IServiceCollection AddApi(this IServiceCollection services, EmotionGridOptions options, int predictionConcurrency)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.AddRateLimiter(limiter =>
        {
            // Predictions are CPU work: a bounded number run, a bounded number wait, the rest are told to come back.
            limiter.AddConcurrencyLimiter(PredictLimiter, o =>
            {
                o.PermitLimit = predictionConcurrency;
                o.QueueLimit = options.Gateway.MaxQueuedPredictions;
                o.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Problems.ServiceUnavailable("the prediction queue is full; retry after a second").ExecuteAsync(context.HttpContext);
            };
        });
        services.AddSingleton<BucketUploader>();
        // Singletons: each check remembers whether its dependency was down, to log an outage once when it starts and ends.
        services.AddSingleton<CatalogHealthCheck>().AddSingleton<BlobStoreHealthCheck>().AddSingleton<OrleansHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<CatalogHealthCheck>("catalog", tags: [ReadyTag])
            .AddCheck<BlobStoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<OrleansHealthCheck>("orleans", tags: [ReadyTag]);
        services.Configure<HealthCheckPublisherOptions>(o => (o.Delay, o.Period, o.Predicate) = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), c => c.Tags.Contains(ReadyTag)));
        services.AddSingleton<IHealthCheckPublisher, ReadinessLogPublisher>();
        return services;
    }

    /// <summary>The REST API, health probes, metrics, Orleans' dashboard at <c>/orleans</c> and ours (embedded in this assembly, so it works offline).</summary>
    public static WebApplication MapEmotionGridApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging(o => o.GetLevel = RequestLogLevel);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();

        var dashboard = new EmbeddedFileProvider(typeof(ApiRegistration).Assembly, "EmotionGrid.Silo.Dashboard");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = dashboard });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = dashboard,
            // Revalidate every time: after an upgrade the browser must not mix old and new modules.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        app.MapFileEndpoints();
        app.MapLabelEndpoints();
        app.MapModelEndpoints();
        app.MapPredictEndpoint();
        app.MapConfigEndpoint();
        app.MapOpenApi(); // /openapi/v1.json
        if (app.Services.GetRequiredService<IOptions<EmotionGridOptions>>().Value.Cluster.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/orleans");
        }

        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync });
        return app;
    }

    /// <summary>Errors loud, refusals visible, changes logged; the dashboard's and probes' polling only at Debug.</summary>
    private static LogEventLevel RequestLogLevel(HttpContext context, double elapsedMilliseconds, Exception? error) =>
        error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : context.Response.StatusCode >= 400 ? LogEventLevel.Warning
        : HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? LogEventLevel.Debug
        : LogEventLevel.Information;

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
