using EmotionGrid.Grains.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace EmotionGrid.Grains;

public static class GrainsRegistration
{
    /// <summary>The grains and the bucket intake. Needs an IBlobStore, IFileCatalog, IAudioEmbedder, AudioFrontEnd and IFileDispatcher.</summary>
    public static IServiceCollection AddGrains(this IServiceCollection services)
    {
        services.AddSingleton<IncomingFileIntake>();
        services.AddSingleton<UnfinishedWorkRecovery>();
        services.AddSingleton<AudioFileGrain>();
        return services;
    }
}
