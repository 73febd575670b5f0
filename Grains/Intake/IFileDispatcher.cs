using EmotionGrid.Contracts.Messages;

namespace EmotionGrid.Grains.Intake;

/// <summary>Sends work to the AudioFileGrains; the silo implements it on its MassTransit bus.</summary>
public interface IFileDispatcher
{
    Task DispatchAsync(ProcessAudioFile command, CancellationToken cancellationToken = default);
}
