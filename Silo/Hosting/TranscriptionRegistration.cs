using EmotionGrid.Audio.Transcription;
using EmotionGrid.Silo.Configuration;
using EmotionGrid.Speech.PocketSphinx;

namespace EmotionGrid.Silo.Hosting;

public static partial class TranscriptionRegistration
{
    /// <summary>
    /// The silo's transcriber (PocketSphinx), when <c>EmotionGrid:Transcription:Enabled</c> allows and the library and
    /// model load. <c>auto</c> without them: transcription is off, said once at start, and answers carry
    /// <c>transcript: null</c>; <c>true</c> without them stops the silo with the reason.
    /// </summary>
    public static IServiceCollection AddTranscriber(this IServiceCollection services, TranscriptionSettings settings, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("EmotionGrid.Transcription");
        if (settings.Enabled == "false")
        {
            LogOff(logger, "EmotionGrid:Transcription:Enabled is false");
            return services;
        }

        // One decoder per file transcribed at once (each holds ~100 MB of model), plus one for predictions.
        var options = new PocketSphinxOptions
        {
            LibraryPath = settings.LibraryPath,
            ModelPath = settings.ModelPath,
            Language = settings.Language,
            MaxDecoders = settings.EffectiveConcurrency + 1,
        };
        var transcriber = PocketSphinxTranscriber.TryCreate(options, logger, out var reason);
        if (transcriber is null)
        {
            if (settings.Enabled == "true")
            {
                throw new SiloStartupException($"transcription cannot start: {reason}");
            }

            LogOff(logger, $"{reason} (install Debian's libpocketsphinx3 and pocketsphinx-en-us, or set EmotionGrid:Transcription:LibraryPath and ModelPath)");
            return services;
        }

        LogOn(logger, transcriber.Id);
        return services.AddSingleton<ITranscriber>(transcriber);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcription on: {Transcriber}")]
    private static partial void LogOn(ILogger logger, string transcriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcription off: {Reason}")]
    private static partial void LogOff(ILogger logger, string reason);
}
