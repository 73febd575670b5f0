using EmotionGrid.Grains;
using EmotionGrid.Grains.Intake;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

public static class MessagingRegistration
{
    /// <summary>MassTransit with the in-memory transport (embedded mode); the grains' consumers on it.</summary>
    public static IServiceCollection AddSiloMessaging(this IServiceCollection services)
    {
        services.AddMassTransit(bus =>
        {
            // MassTransit 8.4 otherwise reports usage to usage-tracking.masstransit.io from every silo.
            bus.DisableUsageTelemetry();
            bus.AddConsumer<ProcessAudioFileConsumer, ProcessAudioFileConsumerDefinition>();
            bus.AddConsumer<TrainModelConsumer, TrainModelConsumerDefinition>();
            bus.AddConsumer<RescoreFilesConsumer, RescoreFilesConsumerDefinition>();
            bus.AddConsumer<ActiveModelChangedConsumer, ActiveModelChangedConsumerDefinition>();
            bus.UsingInMemory((context, cfg) =>
            {
                cfg.UseConsumeFilter(typeof(LeaveReceiveLoopFilter<>), context);
                cfg.ConfigureEndpoints(context);
            });
        });

        // Start the bus before the watcher (registered later) re-enqueues unfinished work.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddSingleton<IFileDispatcher, BusFileDispatcher>();
        services.AddSingleton<IMessagePublisher, BusMessagePublisher>();
        return services;
    }
}
