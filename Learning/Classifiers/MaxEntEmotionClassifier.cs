using System.Numerics.Tensors;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// A fitted maximum-entropy model behind <see cref="IEmotionClassifier"/>. Its weights and biases are read out of
/// the ML.NET model once and scored here (softmax of W·x + b, as ML.NET does), so a prediction is one small
/// matrix-vector product with no engine, no lock and no allocation beyond the result.
/// </summary>
public sealed class MaxEntEmotionClassifier : IEmotionClassifier
{
    private readonly MlNetModel _model;
    private readonly float[] _weights; // slot-major: slot s's weights at [s × FeatureCount, (s + 1) × FeatureCount)
    private readonly float[] _biases;

    internal MaxEntEmotionClassifier(MlNetModel model)
    {
        _model = model;
        var parameters = model.Parameters<MaximumEntropyModelParameters>();
        VBuffer<float>[] weights = [];
        parameters.GetWeights(ref weights, out var slots);
        _biases = [.. parameters.GetBiases()];
        if (slots != model.SlotClasses.Length || weights.Length != slots || _biases.Length != slots)
        {
            throw new ArgumentException($"the saved model has {slots} weight vectors and {_biases.Length} biases for {model.SlotClasses.Length} classes", "model");
        }

        _weights = new float[slots * model.FeatureCount];
        for (var s = 0; s < slots; s++)
        {
            if (weights[s].Length != model.FeatureCount)
            {
                throw new ArgumentException($"the saved model's weights have {weights[s].Length} features, not {model.FeatureCount}", "model");
            }

            // L1 can leave the weights sparse; the dense copy scores the same.
            foreach (var (j, w) in weights[s].Items())
            {
                _weights[(s * model.FeatureCount) + j] = w;
            }
        }
    }

    public string Learner => MaxEntLearner.Name;

    public int ClassCount => _model.ClassCount;

    public int FeatureCount => _model.FeatureCount;

    /// <summary>Loads a saved <c>maxent</c> model (via <see cref="ClassifierModels.Load"/>).</summary>
    internal static MaxEntEmotionClassifier FromModel(ClassifierModel model) => new(MlNetModel.Load(model, MaxEntLearner.Name));

    public float[] PredictProbabilities(ReadOnlySpan<float> vector)
    {
        Matrix.RequireDimension(FeatureCount, vector.Length, nameof(vector));
        var slots = _biases.Length;
        Span<double> z = stackalloc double[slots];
        var max = double.NegativeInfinity;
        for (var s = 0; s < slots; s++)
        {
            // The score in float as ML.NET computes it; the softmax in double, shifted by the largest score so no exp overflows.
            z[s] = _biases[s] + TensorPrimitives.Dot(_weights.AsSpan(s * FeatureCount, FeatureCount), vector);
            max = Math.Max(max, z[s]);
        }

        double total = 0;
        for (var s = 0; s < slots; s++)
        {
            z[s] = Math.Exp(z[s] - max);
            total += z[s];
        }

        Span<float> probabilities = stackalloc float[slots];
        for (var s = 0; s < slots; s++)
        {
            probabilities[s] = (float)(z[s] / total);
        }

        return _model.Expand(probabilities);
    }

    public ClassifierModel ToModel() => new(Learner, ClassCount, FeatureCount, Payload: _model.Payload());
}
