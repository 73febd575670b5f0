using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace EmotionGrid.Silo.Hosting;

/// <summary>Serilog (Serilog.AspNetCore): readable console lines plus a daily rolling JSON file under <c>&lt;DataRoot&gt;/logs</c>; the API adds request logging.</summary>
public static class SiloLogging
{
    public static Serilog.ILogger AddSiloLogging(this WebApplicationBuilder builder, string dataRoot)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning) // Orleans 10 placement logs every resilience attempt
            .ReadFrom.Configuration(builder.Configuration) // a "Serilog" section may override the levels above
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {FileId}{NewLine}{Exception}")
            .WriteTo.File(
                new JsonFormatter(renderMessage: true),
                Path.Combine(dataRoot, "logs", "silo-.json"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14)
            .CreateLogger();

        builder.Services.AddSerilog(logger, dispose: true);
        return logger;
    }
}
