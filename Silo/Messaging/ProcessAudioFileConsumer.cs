using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains;
using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Training;
using MassTransit;

namespace EmotionGrid.Silo.Messaging;

/// <summary>
/// Hosts the AudioFileGrain on the bus: one message, one file. A freshly embedded file is scored at once
/// when a model exists, and may trigger automatic training.
/// </summary>
public sealed class ProcessAudioFileConsumer(AudioFileGrain grain, FileScorer scorer, TrainingStarter trainer) : IConsumer<ProcessAudioFile>
{
    public async Task Consume(ConsumeContext<ProcessAudioFile> context)
    {
        await grain.ProcessAsync(context.Message, context.CancellationToken);
        await scorer.ScoreIfModelAsync(context.Message.FileId, context.CancellationToken);
        await trainer.TrainIfEnoughNewLabelsAsync(context.CancellationToken);
    }
}
