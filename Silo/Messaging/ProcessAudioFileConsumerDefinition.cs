using EmotionGrid.Silo.Configuration;
using MassTransit;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Messaging;

/// <summary>Bounds how many files this silo embeds at once and retries transient faults (the grain records bad input itself).</summary>
public sealed class ProcessAudioFileConsumerDefinition : ConsumerDefinition<ProcessAudioFileConsumer>
{
    public ProcessAudioFileConsumerDefinition(IOptions<EmotionGridOptions> options)
    {
        EndpointName = "emotiongrid-process-audio-file";
        ConcurrentMessageLimit = options.Value.EffectiveProcessingConcurrency;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ProcessAudioFileConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(200, 1000, 5000));
    }
}
