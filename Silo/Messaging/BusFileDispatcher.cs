using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains.Intake;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

/// <summary>Dispatches work by publishing on the bus; every silo's consumer endpoint competes for it.</summary>
public sealed class BusFileDispatcher(IBus bus) : IFileDispatcher
{
    public Task DispatchAsync(ProcessAudioFile command, CancellationToken cancellationToken = default) =>
        bus.Publish(command, cancellationToken);
}
