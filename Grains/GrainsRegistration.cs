using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Grains.Labels;
using EmotionGrid.Grains.Models;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;

namespace EmotionGrid.Grains;

public static class GrainsRegistration
{
    /// <summary>
    /// What the grains use on each silo: the two bounded work pools, the file processor, the local model
    /// cache and its subscription to model changes, intake, training and labels. Needs an IBlobStore,
    /// IFileCatalog, IModelRegistry, IClusterNameStore, IAudioEmbedder, AudioFrontEnd, SegmentOptions and
    /// TrainingSettings; the grain classes themselves are found by Orleans in this assembly.
    /// </summary>
    public static IServiceCollection AddGrains(this IServiceCollection services, ProcessingSettings processing)
    {
        services.AddSingleton(processing);
        services.AddSingleton(new FileWorkPool(processing.FileConcurrency));
        services.AddSingleton(new PredictionWorkPool(processing.PredictionConcurrency));
        services.AddSingleton(new TranscriptionWorkPool(processing.TranscriptionConcurrency));
        services.AddSingleton<TranscriptionWorker>();
        services.AddHostedService<TranscriptionBackfill>();
        services.AddSingleton<EmotionGridMetrics>();
        services.AddSingleton<ILeaseOwners, SiloLeaseOwners>();
        services.AddSingleton<AudioFileProcessor>();
        services.AddSingleton<IFileDispatcher, GrainFileDispatcher>();
        services.AddSingleton<IncomingFileIntake>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, IntakeSweeperStartup>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloDeathWatcher>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<VectorReader>();
        services.AddSingleton<ActiveModelCache>();
        services.AddSingleton<ModelObserver>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelObserver>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SpeakerStatisticsCache>();
        services.AddSingleton<FileScorer>();
        services.AddSingleton<ClipPredictor>();
        services.AddSingleton<TrainingAugmentation>();
        services.AddSingleton<TrainingRun>();
        services.AddSingleton<LabelImporter>();
        return services;
    }
}
