using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Contracts.Predictions;
using System.Numerics.Tensors;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// Predicts the emotion of a clip that is not in the bucket (the predict endpoint, the microphone): the same
/// decode → segments → embed path as the AudioFileGrain, the file vector as the mean of its segments, and
/// for long clips the per-segment timeline. CPU work: callers run it on a pool. With a queued embedder (Wav2Vec2's
/// dynamic batcher) the segments join the silo's runs alongside files being processed.
/// </summary>
public sealed class ClipPredictor(AudioFrontEnd frontEnd, IAudioEmbedder embedder, SegmentOptions segmentOptions, ActiveModelCache models)
{
    /// <summary>Throws <see cref="NoModelException"/> without an active model of this silo's embedder, <see cref="AudioFormatException"/> for bad audio.</summary>
    public async Task<PredictionResult> PredictAsync(Stream wav, CancellationToken cancellationToken = default)
    {
        var model = models.Current ?? throw new NoModelException("no model has been trained yet: label files and train first (POST /api/train)");
        if (model.Embedder != embedder.Id)
        {
            throw new NoModelException($"the active model v{model.Version} was trained on '{model.Embedder}' vectors but this silo embeds with '{embedder.Id}': train a model for '{embedder.Id}' or activate one");
        }

        using var segmented = frontEnd.ReadSegments(wav, segmentOptions);
        var segments = new List<SegmentPrediction>();
        var mean = new float[embedder.Dimension];
        foreach (var segment in segmented)
        {
            var vector = embedder is IQueuedAudioEmbedder queued
                ? (await queued.EmbedAsync([segment.Samples], cancellationToken))[0]
                : embedder.Embed(segment.Samples);
            TensorPrimitives.Add(mean, vector, mean);
            var p = model.Predict(vector);
            segments.Add(new SegmentPrediction(segment.Index, segment.StartSeconds, segment.EndSeconds, p.Emotion, p.Confidence, p.Probabilities));
        }

        TensorPrimitives.Divide(mean, segments.Count, mean);
        var prediction = model.Predict(mean);
        return new PredictionResult(prediction.Emotion, prediction.Confidence, prediction.Probabilities, model.Version, embedder.Id,
            segmented.DurationSeconds, segments.Count > 1 ? segments : null);
    }
}
