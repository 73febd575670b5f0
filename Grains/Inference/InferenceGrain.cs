using EmotionGrid.Audio;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Grains.Processing;
using Orleans.Concurrency;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// Predictions with this silo's <see cref="ActiveModelCache"/>. A stateless worker: calls never leave the
/// silo and several run at once; clip embedding runs on the <see cref="PredictionWorkPool"/>.
/// </summary>
[StatelessWorker]
public sealed class InferenceGrain(ActiveModelCache models, ClipPredictor predictor, FileScorer scorer, PredictionWorkPool pool, EmotionGridMetrics metrics)
    : Grain, IInferenceGrain
{
    public async Task<PredictionResult> PredictClipAsync(Immutable<byte[]> wav, string? speaker = null)
    {
        try
        {
            var result = await pool.RunAsync(ct => predictor.PredictAsync(new MemoryStream(wav.Value, writable: false), speaker, ct));
            metrics.Predicted("ok");
            return result;
        }
        catch (NoModelException)
        {
            metrics.Predicted("no_model");
            throw;
        }
        catch (AudioFormatException)
        {
            metrics.Predicted("bad_audio");
            throw;
        }
    }

    public async Task<bool> ScoreFileAsync(FileVectors vectors)
    {
        if (models.Current is not { } model || model.Embedder != vectors.Embedder)
        {
            return false;
        }

        // A long file has a prediction per segment (thousands for hours of audio): off this grain's turn.
        await Task.Run(() => scorer.ScoreAsync(vectors, model, CancellationToken.None));
        return true;
    }

    public Task<int?> ActiveVersionAsync() => Task.FromResult(models.Current?.Version);
}
