using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

/// <summary>Hosts the AudioFileGrain on the bus: one message, one file.</summary>
public sealed class ProcessAudioFileConsumer(AudioFileGrain grain) : IConsumer<ProcessAudioFile>
{
    public Task Consume(ConsumeContext<ProcessAudioFile> context) =>
        grain.ProcessAsync(context.Message, context.CancellationToken);
}
