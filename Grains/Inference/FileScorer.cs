using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// Predicts one embedded file (and its segments) with a model and records the result in the catalog. The file's
/// speaker (from the catalog) picks the statistics its vectors are normalised with.
/// </summary>
public sealed class FileScorer(IFileCatalog catalog, VectorReader vectors, SpeakerStatisticsCache speakers)
{
    /// <summary>Scores a file from its stored vectors (re-scoring).</summary>
    public async Task ScoreAsync(LabelledFile file, ActiveModel model, CancellationToken cancellationToken)
    {
        var statistics = await speakers.GetAsync(model, file.Speaker, cancellationToken);
        var prediction = model.Predict(await vectors.ReadAsync(file.VectorBlob, cancellationToken), statistics);
        IReadOnlyList<Prediction>? segments = null;
        if (file.SegmentsBlob is not null)
        {
            segments = (await vectors.ReadRowsAsync(file.SegmentsBlob, cancellationToken)).Select(row => model.Predict(row, statistics)).ToList();
        }

        await catalog.SetPredictionAsync(file.Id, prediction, segments, cancellationToken);
    }

    /// <summary>Scores a file from the vectors its AudioFileGrain holds in memory (only the speaker is looked up).</summary>
    public async Task ScoreAsync(FileVectors file, ActiveModel model, CancellationToken cancellationToken)
    {
        var speaker = model.UsesSpeakerStatistics ? (await catalog.GetAsync(file.FileId, cancellationToken))?.Speaker : null;
        var statistics = await speakers.GetAsync(model, speaker, cancellationToken);
        var prediction = model.Predict(file.Vector, statistics);
        IReadOnlyList<Prediction>? segments = null;
        if (file.SegmentMatrix is { } matrix && file.SegmentCount > 1)
        {
            var dimension = matrix.Length / file.SegmentCount;
            segments = Enumerable.Range(0, file.SegmentCount).Select(r => model.Predict(matrix.AsSpan(r * dimension, dimension), statistics)).ToList();
        }

        await catalog.SetPredictionAsync(file.FileId, prediction, segments, cancellationToken);
    }
}
