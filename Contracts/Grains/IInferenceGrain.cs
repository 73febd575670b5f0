using EmotionGrid.Contracts.Predictions;
using Orleans.Concurrency;

namespace EmotionGrid.Contracts.Grains;

/// <summary>
/// Predictions on the local silo with its active model (a stateless worker: one or more activations per
/// silo, never a remote hop). Each silo swaps its model when <see cref="IModelBroadcastGrain"/> says so.
/// </summary>
public interface IInferenceGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The emotion of a WAV clip that is not in the bucket. Throws NoModelException or AudioFormatException.
    /// A request-response call by design (the caller waits for the answer); a long clip through Wav2Vec2 on CPU
    /// can take minutes, beyond Orleans' default 30 s, so this call has its own timeout. The API bounds how
    /// many run at once (<c>Gateway:MaxConcurrentPredictions</c>).
    /// <paramref name="speaker"/> (optional) names who speaks: with enough of that speaker's files in the catalog the
    /// clip is normalised with the speaker's statistics (see <see cref="PredictionResult.Normalisation"/>).
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<PredictionResult> PredictClipAsync(Immutable<byte[]> wav, string? speaker = null);

    /// <summary>Scores a just-embedded file from its vectors in memory and records the prediction; false without a model for its embedder.</summary>
    Task<bool> ScoreFileAsync(FileVectors vectors);

    /// <summary>The model version this silo predicts with now (null: none).</summary>
    Task<int?> ActiveVersionAsync();
}

/// <summary>A file's vectors as the AudioFileGrain just computed them: the mean vector and, for long files, the segment rows (row-major).</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.fileVectors")]
public sealed record FileVectors(string FileId, string Embedder, float[] Vector, float[]? SegmentMatrix, int SegmentCount);
