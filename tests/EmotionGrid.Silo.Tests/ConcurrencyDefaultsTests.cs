using EmotionGrid.Silo.Configuration;

namespace EmotionGrid.Silo.Tests;

/// <summary>How many files and predictions a silo runs at once when the settings leave it to the silo.</summary>
public sealed class ConcurrencyDefaultsTests
{
    [Fact]
    public void The_acoustic_embedder_runs_one_file_and_one_prediction_per_core()
    {
        var options = new EmotionGridOptions();
        Assert.Equal("acoustic", options.EffectiveEmbedder);
        Assert.Equal(Environment.ProcessorCount, options.EffectiveProcessingConcurrency);
        Assert.Equal(Environment.ProcessorCount, options.EffectivePredictionConcurrency);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("wav2vec2")]
    public void Wav2vec2_runs_two_at_once_because_its_model_runs_are_serialised(string embedder)
    {
        var options = new EmotionGridOptions();
        options.Embedding.Embedder = embedder;
        options.Embedding.Wav2Vec2.ModelPath = "/models/wav2vec2-base.onnx";
        Assert.Equal("wav2vec2", options.EffectiveEmbedder);
        Assert.Equal(Math.Min(2, Environment.ProcessorCount), options.EffectiveProcessingConcurrency);
        Assert.Equal(Math.Min(2, Environment.ProcessorCount), options.EffectivePredictionConcurrency);
    }

    [Fact]
    public void Explicit_settings_win_over_the_defaults()
    {
        var options = new EmotionGridOptions();
        options.Embedding.Embedder = "wav2vec2";
        options.Embedding.Wav2Vec2.ModelPath = "/models/wav2vec2-base.onnx";
        options.Processing.Concurrency = 5;
        options.Gateway.MaxConcurrentPredictions = 3;
        Assert.Equal(5, options.EffectiveProcessingConcurrency);
        Assert.Equal(3, options.EffectivePredictionConcurrency);
    }
}
