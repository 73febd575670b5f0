using System.Collections.Concurrent;
using Microsoft.ML;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// ML.NET prediction engines made shareable: an engine (with its input and output rows) serves one call at a time,
/// so each call takes an idle one or makes one, and puts it back. The pool grows to the most calls ever in flight at
/// once, a handful in practice; engines are cheap to keep and costly to make.
/// </summary>
internal sealed class MlNetPredictionPool(MlNetModel model)
{
    private readonly ConcurrentBag<Lease> _idle = [];
    private readonly Lock _creating = new();

    /// <summary>Writes the model's per-slot probabilities for <paramref name="vector"/> into <paramref name="slotProbabilities"/>.</summary>
    public void Score(ReadOnlySpan<float> vector, Span<float> slotProbabilities)
    {
        if (!_idle.TryTake(out var lease))
        {
            lease = Create();
        }

        try
        {
            vector.CopyTo(lease.Input.Features);
            lease.Engine.Predict(lease.Input, ref lease.Output);
            lease.Output.Score.AsSpan(0, slotProbabilities.Length).CopyTo(slotProbabilities);
        }
        finally
        {
            _idle.Add(lease);
        }
    }

    private Lease Create()
    {
        // The context is shared by every engine of this model; making engines one at a time keeps its use single-threaded.
        lock (_creating)
        {
            var engine = model.Context.Model.CreatePredictionEngine<MlNetFeatureRow, MlNetScoreRow>(
                model.Transformer, ignoreMissingColumns: true, inputSchemaDefinition: MlNetTraining.FeatureDefinition(model.FeatureCount));
            return new Lease(engine, new MlNetFeatureRow { Features = new float[model.FeatureCount] });
        }
    }

    private sealed class Lease(PredictionEngine<MlNetFeatureRow, MlNetScoreRow> engine, MlNetFeatureRow input)
    {
        public PredictionEngine<MlNetFeatureRow, MlNetScoreRow> Engine { get; } = engine;

        public MlNetFeatureRow Input { get; } = input;

        public MlNetScoreRow Output = new();
    }
}
