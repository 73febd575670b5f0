namespace EmotionGrid.Grains.Intake;

/// <summary>Hands a registered file to its AudioFileGrain (the silo's implementation calls the grain).</summary>
public interface IFileDispatcher
{
    Task DispatchAsync(string fileId, CancellationToken cancellationToken = default);
}
