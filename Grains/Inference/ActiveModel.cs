using EmotionGrid.Grains.Models;
using EmotionGrid.Learning;
using EmotionGrid.Learning.Calibration;
using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// A loaded, immutable model version: safe to share across threads and to keep using after a swap. Normalises a
/// vector (its speaker's statistics when given and sufficient, else the global ones), classifies it and applies
/// the calibration temperature. Format-1 versions predict on raw vectors, as they were trained.
/// </summary>
public sealed class ActiveModel
{
    private readonly ModelDocument _document;
    private readonly IEmotionClassifier _classifier;

    public ActiveModel(ModelDocument document)
    {
        _document = document ?? throw new ArgumentNullException(nameof(document));
        _classifier = document.Classifier is { } saved
            ? ClassifierModels.Load(saved)
            : new ForestEmotionClassifier(RandomForestClassifier.FromModel(document.Forest ?? throw new InvalidDataException($"model v{document.Version} has no classifier")));
        Normalizer = document.Normalisation is { } n ? new SpeakerNormalizer(n.Mode, new Standardizer(n.Mean, n.Scale), n.MinSpeakerFiles) : null;
    }

    public int Version => _document.Version;

    public string Embedder => _document.Embedder;

    public int Dimension => _document.Dimension;

    public IReadOnlyList<string> Emotions => _document.Emotions;

    /// <summary>Null for a format-1 version (raw vectors).</summary>
    public SpeakerNormalizer? Normalizer { get; }

    /// <summary>Whether this version wants speakers' own statistics (and so whether looking them up is worth it).</summary>
    public bool UsesSpeakerStatistics => Normalizer?.Mode == NormalisationMode.Speaker;

    public Prediction Predict(ReadOnlySpan<float> vector, SpeakerStatistics? speaker = null) => Predict(vector, speaker, out _);

    /// <summary>The prediction and which statistics normalised the vector (<c>speaker</c>, <c>global</c> or <c>none</c>).</summary>
    public Prediction Predict(ReadOnlySpan<float> vector, SpeakerStatistics? speaker, out string normalisation)
    {
        if (vector.Length != _document.Dimension)
        {
            throw new ArgumentException($"vector has {vector.Length} values; model v{Version} expects {_document.Dimension}", nameof(vector));
        }

        float[] probabilities;
        if (Normalizer is null)
        {
            normalisation = NormalisationMode.None;
            probabilities = _classifier.PredictProbabilities(vector);
        }
        else
        {
            var (z, used) = Normalizer.Transform(vector, speaker);
            normalisation = used;
            probabilities = _classifier.PredictProbabilities(z);
        }

        if (_document.Temperature != 1)
        {
            probabilities = TemperatureScaling.Apply(probabilities, _document.Temperature);
        }

        var best = 0;
        for (var i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[best])
            {
                best = i;
            }
        }

        var byEmotion = new Dictionary<string, double>(_document.Emotions.Count);
        for (var i = 0; i < _document.Emotions.Count; i++)
        {
            byEmotion[_document.Emotions[i]] = Math.Round(probabilities[i], 6);
        }

        return new Prediction(_document.Emotions[best], Math.Round(probabilities[best], 6), byEmotion, Version);
    }
}
