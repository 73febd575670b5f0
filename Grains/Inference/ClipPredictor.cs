using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Audio.Transcription;
using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Grains.Processing;
using Microsoft.Extensions.Logging;
using System.Numerics.Tensors;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// Predicts the emotion of a clip that is not in the bucket (the predict endpoint, the microphone): the same
/// decode → segments → embed path as the AudioFileGrain, the file vector as the mean of its segments, and
/// for long clips the per-segment timeline. CPU work: callers run it on a pool. With a queued embedder (Wav2Vec2's
/// dynamic batcher) the segments join the silo's runs alongside files being processed. With a transcriber, the answer
/// also says what was said (the whole clip and each segment), transcribed beside the embedding. A named speaker with
/// enough files in the catalog gets their own normalisation; the answer says which statistics were used.
/// </summary>
public sealed class ClipPredictor(
    AudioFrontEnd frontEnd,
    IAudioEmbedder embedder,
    SegmentOptions segmentOptions,
    ActiveModelCache models,
    SpeakerStatisticsCache speakers,
    ILogger<ClipPredictor> logger,
    ITranscriber? transcriber = null)
{
    /// <summary>Throws <see cref="NoModelException"/> without an active model of this silo's embedder, <see cref="AudioFormatException"/> for bad audio.</summary>
    public async Task<PredictionResult> PredictAsync(Stream wav, string? speaker = null, CancellationToken cancellationToken = default)
    {
        var model = models.Current ?? throw new NoModelException("no model has been trained yet: label files and train first (POST /api/train)");
        if (model.Embedder != embedder.Id)
        {
            throw new NoModelException($"the active model v{model.Version} was trained on '{model.Embedder}' vectors but this silo embeds with '{embedder.Id}': train a model for '{embedder.Id}' or activate one");
        }

        var statistics = await speakers.GetAsync(model, speaker, cancellationToken);
        using var segmented = frontEnd.ReadSegments(wav, segmentOptions);
        using var transcription = FileTranscription.Start(transcriber, logger);
        var segments = new List<SegmentPrediction>();
        var mean = new float[embedder.Dimension];
        foreach (var segment in segmented)
        {
            transcription?.Add(segment);
            var vector = embedder is IQueuedAudioEmbedder queued
                ? (await queued.EmbedAsync([segment.Samples], cancellationToken))[0]
                : embedder.Embed(segment.Samples);
            TensorPrimitives.Add(mean, vector, mean);
            var p = model.Predict(vector, statistics);
            segments.Add(new SegmentPrediction(segment.Index, segment.StartSeconds, segment.EndSeconds, p.Emotion, p.Confidence, p.Probabilities));
        }

        TensorPrimitives.Divide(mean, segments.Count, mean);
        var prediction = model.Predict(mean, statistics, out var normalisation);
        var transcript = transcription is null ? null : await transcription.FinishAsync();
        if (transcript is not null)
        {
            segments = segments.Select(s => s with { Text = transcript.TextBetween(s.StartSeconds, s.EndSeconds) }).ToList();
        }

        return new PredictionResult(prediction.Emotion, prediction.Confidence, prediction.Probabilities, model.Version, embedder.Id,
            segmented.DurationSeconds, segments.Count > 1 ? segments : null, Transcript: transcript, Speaker: speaker, Normalisation: normalisation);
    }
}
