using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// A fitted or loaded ML.NET multiclass model with what our interface needs around it: which of our classes each
/// score slot is, the saved bytes, and the model parameters. Immutable; the context is only read after construction.
/// </summary>
internal sealed class MlNetModel
{
    private const string ScoreColumn = "Score";

    private readonly Lazy<byte[]> _payload;

    private MlNetModel(MLContext context, ITransformer transformer, int classCount, int featureCount, Func<byte[]> payload)
    {
        Context = context;
        Transformer = transformer;
        ClassCount = classCount;
        FeatureCount = featureCount;
        _payload = new Lazy<byte[]>(payload);
        SlotClasses = ReadSlotClasses(context, transformer, classCount, featureCount);
    }

    public MLContext Context { get; }

    public ITransformer Transformer { get; }

    public int ClassCount { get; }

    public int FeatureCount { get; }

    /// <summary>Our class index for each of the model's score slots (the classes that had training rows), ascending.</summary>
    public int[] SlotClasses { get; }

    /// <summary>A freshly fitted model; it is only saved if someone asks for <see cref="Payload"/> (grid folds never do).</summary>
    public static MlNetModel Fitted(MLContext context, ITransformer transformer, int classCount, int featureCount) =>
        new(context, transformer, classCount, featureCount, () => Save(context, transformer, featureCount));

    /// <summary>A model from <see cref="ClassifierModel.Payload"/>; throws <see cref="ArgumentException"/> (parameter <c>model</c>) when it does not fit the record.</summary>
    public static MlNetModel Load(ClassifierModel model, string learner)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Learner != learner)
        {
            throw new ArgumentException($"a '{model.Learner}' model is not a '{learner}' model", nameof(model));
        }

        if (model.Payload is not { Length: > 0 } payload)
        {
            throw new ArgumentException($"a {learner} model has no payload", nameof(model));
        }

        if (model.ClassCount < 2 || model.FeatureCount < 1)
        {
            throw new ArgumentException($"a {learner} model needs at least 2 classes and 1 feature, got {model.ClassCount} and {model.FeatureCount}", nameof(model));
        }

        var context = MlNetTraining.Context(0);
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            using var stream = new MemoryStream(payload, writable: false);
            transformer = context.Model.Load(stream, out inputSchema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or IOException)
        {
            throw new ArgumentException($"the payload is not a saved ML.NET model: {e.Message}", nameof(model), e);
        }

        if (inputSchema.GetColumnOrNull(nameof(MlNetFeatureRow.Features))?.Type is not VectorDataViewType { Size: var size } || size != model.FeatureCount)
        {
            throw new ArgumentException($"the saved model does not take {model.FeatureCount} features", nameof(model));
        }

        var bytes = (byte[])payload.Clone();
        return new MlNetModel(context, transformer, model.ClassCount, model.FeatureCount, () => bytes);
    }

    /// <summary>The trained predictor, e.g. the maximum-entropy weights; throws when the model is of another kind.</summary>
    public TParameters Parameters<TParameters>()
        where TParameters : class =>
        (Transformer as ISingleFeaturePredictionTransformer<object>)?.Model as TParameters
        ?? throw new ArgumentException($"the saved model is not a {typeof(TParameters).Name}", "model");

    /// <summary>The bytes of the saved zip, a copy per call so no caller can change what another sees.</summary>
    public byte[] Payload() => (byte[])_payload.Value.Clone();

    /// <summary>Spreads the per-slot probabilities over all <see cref="ClassCount"/> classes; classes without training rows get 0.</summary>
    public float[] Expand(ReadOnlySpan<float> slotProbabilities)
    {
        var probabilities = new float[ClassCount];
        for (var s = 0; s < SlotClasses.Length; s++)
        {
            probabilities[SlotClasses[s]] = slotProbabilities[s];
        }

        return probabilities;
    }

    private static byte[] Save(MLContext context, ITransformer transformer, int featureCount)
    {
        using var stream = new MemoryStream();
        context.Model.Save(transformer, FeatureSchema(context, featureCount), stream);
        return stream.ToArray();
    }

    private static DataViewSchema FeatureSchema(MLContext context, int featureCount) =>
        context.Data.LoadFromEnumerable(Array.Empty<MlNetFeatureRow>(), MlNetTraining.FeatureDefinition(featureCount)).Schema;

    private static int[] ReadSlotClasses(MLContext context, ITransformer transformer, int classCount, int featureCount)
    {
        DataViewSchema output;
        try
        {
            output = transformer.GetOutputSchema(FeatureSchema(context, featureCount));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"the saved model cannot score {featureCount} features: {e.Message}", "model", e);
        }

        var score = output.GetColumnOrNull(ScoreColumn);
        if (score?.Type is not VectorDataViewType { Size: > 1 } scoreType || score.Value.Annotations.Schema.GetColumnOrNull("SlotNames") is null)
        {
            throw new ArgumentException("the saved model has no named multiclass score", "model");
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        score.Value.GetSlotNames(ref names);
        var slots = new int[scoreType.Size];
        var s = 0;
        foreach (var name in names.DenseValues())
        {
            if (s >= slots.Length
                || !int.TryParse(name.Span, NumberStyles.None, CultureInfo.InvariantCulture, out slots[s])
                || slots[s] >= classCount
                || (s > 0 && slots[s] <= slots[s - 1]))
            {
                throw new ArgumentException($"score slot {s} is named '{name}', not a class of 0..{classCount - 1} after the previous slot's", "model");
            }

            s++;
        }

        return s == slots.Length ? slots : throw new ArgumentException($"the saved model names {s} of its {slots.Length} score slots", "model");
    }
}
