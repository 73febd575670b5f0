using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains.Inference;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

/// <summary>Every silo's InferenceGrain swaps to the active version when one is published or activated.</summary>
public sealed class ActiveModelChangedConsumer(InferenceGrain inference) : IConsumer<ModelPublished>, IConsumer<ModelActivated>
{
    public Task Consume(ConsumeContext<ModelPublished> context) => inference.RefreshAsync(context.CancellationToken);

    public Task Consume(ConsumeContext<ModelActivated> context) => inference.RefreshAsync(context.CancellationToken);
}

/// <summary>An endpoint per silo (its name carries the silo's instance id), so the event reaches every silo, not one.</summary>
public sealed class ActiveModelChangedConsumerDefinition : ConsumerDefinition<ActiveModelChangedConsumer>
{
    public ActiveModelChangedConsumerDefinition()
    {
        EndpointName = $"emotiongrid-model-changed-{SiloInstance.Id}";
    }
}
