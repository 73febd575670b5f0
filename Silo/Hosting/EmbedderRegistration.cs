using EmotionGrid.Audio;
using EmotionGrid.Audio.Features;
using EmotionGrid.Silo.Configuration;

namespace EmotionGrid.Silo.Hosting;

public static class EmbedderRegistration
{
    /// <summary>The silo's one embedder, chosen by <c>EmotionGrid:Embedding:Embedder</c> (validated before this runs).</summary>
    public static IServiceCollection AddEmbedder(this IServiceCollection services, EmbeddingOptions options) =>
        options.Embedder switch
        {
            "logmel" => services.AddSingleton<IAudioEmbedder, LogMelStatisticsEmbedder>(),
            _ => services.AddSingleton<IAudioEmbedder, AcousticFeatureEmbedder>(), // "auto" with no Wav2Vec2 model, "acoustic"
        };
}
