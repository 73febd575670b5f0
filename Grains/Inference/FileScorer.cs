using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Inference;

/// <summary>Predicts one embedded file (and its segments) with a model and records the result in the catalog.</summary>
public sealed class FileScorer(IFileCatalog catalog, VectorReader vectors, InferenceGrain inference)
{
    public async Task ScoreAsync(LabelledFile file, ActiveModel model, CancellationToken cancellationToken)
    {
        var prediction = model.Predict(await vectors.ReadAsync(file.VectorBlob, cancellationToken));
        IReadOnlyList<Prediction>? segments = null;
        if (file.SegmentsBlob is not null)
        {
            segments = (await vectors.ReadRowsAsync(file.SegmentsBlob, cancellationToken)).Select(row => model.Predict(row)).ToList();
        }

        await catalog.SetPredictionAsync(file.Id, prediction, segments, cancellationToken);
    }

    /// <summary>Scores a file just embedded, when this silo holds a model of the file's embedder.</summary>
    public async Task ScoreIfModelAsync(string fileId, CancellationToken cancellationToken)
    {
        var record = await catalog.GetAsync(fileId, cancellationToken);
        if (inference.Current is not { } model || record is not { Status: FileStatus.Embedded, VectorBlob: { } vector } || record.Embedder != model.Embedder)
        {
            return;
        }

        await ScoreAsync(new LabelledFile(record.Id, record.Name, vector, record.SegmentsBlob, record.Label, record.LabelSource, record.Speaker), model, cancellationToken);
    }
}
