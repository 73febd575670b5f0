using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Grains;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Silo.Configuration;
using EmotionGrid.Silo.Api;
using EmotionGrid.Storage;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Hosting;

public static class SiloRegistration
{
    /// <summary>Everything a silo runs: options, logging, storage, catalog, the Orleans silo and its grains (the incoming/ lister among them), metrics and the REST API.</summary>
    public static WebApplicationBuilder AddEmotionGridSilo(this WebApplicationBuilder builder)
    {
        // Validated now as well as at start: logging needs the data root before the host exists.
        var options = builder.Configuration.GetSection(EmotionGridOptions.Section).Get<EmotionGridOptions>() ?? new EmotionGridOptions();
        var validation = new EmotionGridOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(EmotionGridOptions.Section, typeof(EmotionGridOptions), validation.Failures);
        }

        var urls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"];
        if (urls is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }
        else if (string.IsNullOrEmpty(options.Gateway.ApiKey) && !options.Gateway.AllowAnonymous && ListenAddressPolicy.FirstNonLoopback(urls) is { } open)
        {
            throw new OptionsValidationException(EmotionGridOptions.Section, typeof(EmotionGridOptions),
                [$"refusing to listen on {open} without EmotionGrid:Gateway:ApiKey; set a key, or EmotionGrid:Gateway:AllowAnonymous=true if anonymous access is intended"]);
        }

        var dataRoot = options.FullDataRoot;
        var serilog = builder.AddSiloLogging(dataRoot);

        var services = builder.Services;
        services.AddOptions<EmotionGridOptions>().BindConfiguration(EmotionGridOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmotionGridOptions>, EmotionGridOptionsValidator>();

        services.AddEmotionGridStorage(options);
        services.AddSingleton(new TrainingSettings
        {
            Emotions = options.LabelSet.Select(e => e.Trim().ToLowerInvariant()).ToList(),
            Clusters = options.Training.Clusters,
            Folds = options.Training.Folds,
            MinLabelledFiles = options.Training.MinLabelledFiles,
            AutoTrainAfterNewLabels = options.Training.AutoTrainAfterNewLabels,
            Seed = options.Training.Seed,
            Normalisation = options.Learning.Normalisation,
            MinSpeakerFiles = options.Learning.MinSpeakerFiles,
            Learner = options.Learning.Learner.ToLowerInvariant(),
            BalanceClasses = options.Learning.BalanceClasses,
            Calibrate = options.Learning.Calibrate,
            Augmentation = options.Learning.Augmentation,
        });
        services.AddSingleton(new WavDecoder(new WavDecoderOptions { MinSeconds = options.Audio.MinSeconds, MaxSeconds = options.Audio.MaxSeconds }));
        services.AddSingleton<AudioFrontEnd>();
        services.AddSingleton(new SegmentOptions { SegmentSeconds = options.Audio.SegmentSeconds, OverlapSeconds = options.Audio.SegmentOverlapSeconds });
        // The host's logger factory does not exist yet: the embedder is built now, so it logs through the same Serilog logger.
        var startLoggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(serilog);
        var batching = services.AddEmbedder(options, startLoggers);
        services.AddTranscriber(options.Transcription, startLoggers);
        var maxBatch = batching?.MaxBatch ?? 1;
        services.AddSingleton<EmbedderDescription>();
        services.AddHostedService<EmbedderReport>();

        // Orleans first: hosted services start in order, so the silo is up before anything below calls a grain.
        builder.AddEmotionGridOrleans(options);
        var processing = new ProcessingSettings
        {
            FileConcurrency = options.ProcessingConcurrency(maxBatch),
            PredictionConcurrency = options.PredictionConcurrency(maxBatch),
            TranscriptionConcurrency = options.Transcription.EffectiveConcurrency,
            SweepPeriod = TimeSpan.FromSeconds(options.Processing.SweepSeconds),
            MaxAttempts = options.Processing.MaxAttempts,
            LeaseDuration = TimeSpan.FromSeconds(options.Processing.LeaseSeconds),
            RescanPeriod = TimeSpan.FromSeconds(options.Watcher.RescanSeconds),
            IncomingStableAfter = TimeSpan.FromMilliseconds(options.Watcher.StableMilliseconds),
        };
        services.AddGrains(processing);
        services.AddSiloMetrics();
        services.AddApi(options, processing.PredictionConcurrency);
        return builder;
    }
}
