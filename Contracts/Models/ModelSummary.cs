namespace EmotionGrid.Contracts.Models;

/// <summary>A model version as <c>GET /api/models</c> lists it.</summary>
public sealed record ModelSummary(
    int Version,
    string Embedder,
    int Dimension,
    DateTimeOffset CreatedAt,
    bool Active,
    double Accuracy,
    double MacroF1,
    double MajorityBaseline);
