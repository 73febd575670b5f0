using EmotionGrid.Grains.Clustering;
using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Grains.Labels;
using EmotionGrid.Grains.Models;
using EmotionGrid.Grains.Training;
using Microsoft.Extensions.DependencyInjection;

namespace EmotionGrid.Grains;

public static class GrainsRegistration
{
    /// <summary>
    /// The grains, the bucket intake, clustering, labels and prediction. Needs an IBlobStore, IFileCatalog,
    /// IModelRegistry, IAudioEmbedder, AudioFrontEnd, SegmentOptions, TrainingSettings, IFileDispatcher and IMessagePublisher.
    /// </summary>
    public static IServiceCollection AddGrains(this IServiceCollection services)
    {
        services.AddSingleton<IncomingFileIntake>();
        services.AddSingleton<UnfinishedWorkRecovery>();
        services.AddSingleton<AudioFileGrain>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<VectorReader>();
        services.AddSingleton<ClusteringService>();
        services.AddSingleton<TrainingStarter>();
        services.AddSingleton<TrainingGrain>();
        services.AddSingleton<InferenceGrain>();
        services.AddSingleton<FileScorer>();
        services.AddSingleton<RescoringGrain>();
        services.AddSingleton<ClipPredictor>();
        services.AddSingleton<LabelImporter>();
        return services;
    }
}
