using EmotionGrid.Contracts.Grains;

namespace EmotionGrid.Grains.Intake;

/// <summary>Starts the file's <see cref="IAudioFileGrain"/>; the call returns once the grain has taken the work.</summary>
public sealed class GrainFileDispatcher(IGrainFactory grains) : IFileDispatcher
{
    public Task DispatchAsync(string fileId, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IAudioFileGrain>(fileId).ProcessAsync();
}
