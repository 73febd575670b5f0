using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains.Inference;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

/// <summary>One silo re-scores every file after a version becomes active.</summary>
public sealed class RescoreFilesConsumer(RescoringGrain grain) : IConsumer<RescoreFiles>
{
    public Task Consume(ConsumeContext<RescoreFiles> context) => grain.RescoreAsync(context.Message.Version, context.CancellationToken);
}

public sealed class RescoreFilesConsumerDefinition : ConsumerDefinition<RescoreFilesConsumer>
{
    public RescoreFilesConsumerDefinition()
    {
        EndpointName = "emotiongrid-rescore-files";
        ConcurrentMessageLimit = 1;
    }
}
