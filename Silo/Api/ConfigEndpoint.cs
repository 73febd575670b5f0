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
            Results.Ok(new { emotions = training.Emotions, embedder = embedder.Id, apiKeyRequired = !string.IsNullOrEmpty(options.Value.Gateway.ApiKey) }))
            .WithTags("Config");
        return app;
    }
}
