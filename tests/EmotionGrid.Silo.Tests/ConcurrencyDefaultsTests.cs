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
    public void With_dynamic_batching_enough_files_are_in_flight_to_fill_two_runs()
    {
        var options = new EmotionGridOptions();
        options.Embedding.Wav2Vec2.ModelPath = "/models/wav2vec2-base.onnx";
        Assert.Equal(Math.Max(Environment.ProcessorCount, 64), options.ProcessingConcurrency(maxBatch: 32));
        Assert.Equal(Math.Max(Environment.ProcessorCount, 64), options.PredictionConcurrency(maxBatch: 32));
        Assert.Equal(options.EffectiveProcessingConcurrency, options.ProcessingConcurrency(maxBatch: 1));
        options.Processing.Concurrency = 5;
        Assert.Equal(5, options.ProcessingConcurrency(maxBatch: 32));
    }

    [Fact]
    public void The_earlier_batch_size_setting_still_counts_and_the_new_one_wins()
    {
        var settings = new Wav2Vec2Settings { MaxBatchSize = 8 };
        Assert.Equal(8, settings.EffectiveMaxBatch);
        settings.MaxBatch = 16;
        Assert.Equal(16, settings.EffectiveMaxBatch);
        Assert.Null(new Wav2Vec2Settings().EffectiveMaxBatch);
    }

    [Theory]
    [InlineData("MaxBatch", "0")]
    [InlineData("MaxBatchSeconds", "-1")]
    [InlineData("MaxWaitMilliseconds", "20000")]
    [InlineData("ConcurrentRuns", "0")]
    public void Batching_settings_out_of_range_are_refused_with_the_key(string key, string value)
    {
        var options = new EmotionGridOptions();
        var w2v = options.Embedding.Wav2Vec2;
        switch (key)
        {
            case "MaxBatch": w2v.MaxBatch = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxBatchSeconds": w2v.MaxBatchSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxWaitMilliseconds": w2v.MaxWaitMilliseconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: w2v.ConcurrentRuns = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var result = new EmotionGridOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains($"EmotionGrid:Embedding:Wav2Vec2:{key}", StringComparison.Ordinal));
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
