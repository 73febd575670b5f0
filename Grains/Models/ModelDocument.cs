using EmotionGrid.Contracts.Models;
using EmotionGrid.Learning;
using GridScore = EmotionGrid.Contracts.Models.GridScore;

namespace EmotionGrid.Grains.Models;

/// <summary>
/// <c>models/v&lt;N&gt;/model.json</c>: everything needed to use and to judge a version: what it embeds with,
/// its label set, the chosen parameters, the grid, the speaker-independent metrics, the snapshot it was
/// trained on, and the forest itself.
/// </summary>
public sealed record ModelDocument(
    int Version,
    string Embedder,
    int Dimension,
    IReadOnlyList<string> Emotions,
    ForestSettings Parameters,
    IReadOnlyList<GridScore> Grid,
    ModelMetrics Metrics,
    string Snapshot,
    DateTimeOffset CreatedAt,
    ForestModel Forest)
{
    public const int FormatVersion = 1;

    public int Format { get; init; } = FormatVersion;
}
