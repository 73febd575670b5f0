using EmotionGrid.Contracts.Models;
using EmotionGrid.Learning;
using EmotionGrid.Learning.Classifiers;
using GridScore = EmotionGrid.Contracts.Models.GridScore;

namespace EmotionGrid.Grains.Models;

/// <summary>
/// <c>models/v&lt;N&gt;/model.json</c>: everything needed to use and to judge a version: what it embeds with,
/// its label set, the chosen learner and settings, the grid, the speaker-independent metrics, the snapshot it
/// was trained on, the classifier itself, how inputs are normalised and the calibration temperature.
/// <para>
/// Format 1 (before speaker normalisation) has <see cref="Forest"/> and nothing of the newer fields: it is
/// read as a forest on raw vectors, uncalibrated. Format 2 has <see cref="Classifier"/> (any learner) and
/// <see cref="Normalisation"/>.
/// </para>
/// </summary>
public sealed record ModelDocument(
    int Version,
    string Embedder,
    int Dimension,
    IReadOnlyList<string> Emotions,
    ForestSettings? Parameters,
    IReadOnlyList<GridScore> Grid,
    ModelMetrics Metrics,
    string Snapshot,
    DateTimeOffset CreatedAt,
    ForestModel? Forest)
{
    public const int FormatVersion = 2;

    public int Format { get; init; } = FormatVersion;

    public ClassifierModel? Classifier { get; init; }

    public IReadOnlyDictionary<string, string>? LearnerSettings { get; init; }

    public ModelNormalisation? Normalisation { get; init; }

    public double Temperature { get; init; } = 1;

    public string Learner => Classifier?.Learner ?? ForestLearner.Name;

    public string NormalisationMode => Normalisation?.Mode ?? Learning.Normalisation.NormalisationMode.None;
}

/// <summary>How a version normalises its input: the mode, the global statistics (training vectors') and the files a speaker needs for their own.</summary>
public sealed record ModelNormalisation(string Mode, int MinSpeakerFiles, float[] Mean, float[] Scale);
