using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains.Training;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

/// <summary>Hosts the TrainingGrain: one run at a time per silo (the registry allows one in the whole cluster).</summary>
public sealed class TrainModelConsumer(TrainingGrain grain) : IConsumer<TrainModel>
{
    public Task Consume(ConsumeContext<TrainModel> context) => grain.RunAsync(context.Message.RunId, context.CancellationToken);
}

public sealed class TrainModelConsumerDefinition : ConsumerDefinition<TrainModelConsumer>
{
    public TrainModelConsumerDefinition()
    {
        EndpointName = "emotiongrid-train-model";
        ConcurrentMessageLimit = 1;
    }
}
