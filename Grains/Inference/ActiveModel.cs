using EmotionGrid.Grains.Models;
using EmotionGrid.Learning;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Inference;

/// <summary>A loaded, immutable model version: safe to share across threads and to keep using after a swap.</summary>
public sealed class ActiveModel(ModelDocument document)
{
    private readonly RandomForestClassifier _forest = RandomForestClassifier.FromModel(document.Forest);

    public int Version => document.Version;

    public string Embedder => document.Embedder;

    public int Dimension => document.Dimension;

    public IReadOnlyList<string> Emotions => document.Emotions;

    public Prediction Predict(ReadOnlySpan<float> vector)
    {
        if (vector.Length != document.Dimension)
        {
            throw new ArgumentException($"vector has {vector.Length} values; model v{Version} expects {document.Dimension}", nameof(vector));
        }

        var probabilities = _forest.PredictProbabilities(vector);
        var best = 0;
        for (var i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[best])
            {
                best = i;
            }
        }

        var byEmotion = new Dictionary<string, double>(document.Emotions.Count);
        for (var i = 0; i < document.Emotions.Count; i++)
        {
            byEmotion[document.Emotions[i]] = Math.Round(probabilities[i], 6);
        }

        return new Prediction(document.Emotions[best], Math.Round(probabilities[best], 6), byEmotion, Version);
    }
}
