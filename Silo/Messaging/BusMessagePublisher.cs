using EmotionGrid.Grains;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

public sealed class BusMessagePublisher(IBus bus) : IMessagePublisher
{
    public Task PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : class => bus.Publish(message, cancellationToken);
}
