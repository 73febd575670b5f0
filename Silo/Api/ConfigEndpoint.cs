using EmotionGrid.Audio;
using EmotionGrid.Grains;
using EmotionGrid.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Api;

/// <summary><c>GET /api/config</c>: what a client needs to know about this silo (label set, embedder, whether writes need a key).</summary>
public static class ConfigEndpoint
{
    public static IEndpointRouteBuilder MapConfigEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", (TrainingSettings training, IAudioEmbedder embedder, IOptions<EmotionGridOptions> options) =>
            TypedResults.Ok(new SiloConfig(training.Emotions, embedder.Id, !string.IsNullOrEmpty(options.Value.Gateway.ApiKey))))
            .WithTags("Config");
        return app;
    }
}

/// <summary><c>GET /api/config</c>.</summary>
public sealed record SiloConfig(IReadOnlyList<string> Emotions, string Embedder, bool ApiKeyRequired);
