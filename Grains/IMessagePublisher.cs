namespace EmotionGrid.Grains;

/// <summary>
/// Publishes grain messages on the bus. Commands (TrainModel, RescoreFiles) go to one shared endpoint that
/// silos compete for; events (ModelPublished, ModelActivated) reach an endpoint of every silo.
/// </summary>
public interface IMessagePublisher
{
    Task PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : class;
}
