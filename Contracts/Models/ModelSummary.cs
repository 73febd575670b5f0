namespace EmotionGrid.Contracts.Models;

/// <summary>
/// A model version as <c>GET /api/models</c> lists it: <see cref="Learner"/> made it (<c>forest</c>, <c>lightgbm</c>,
/// <c>maxent</c>) from <see cref="Embedder"/> features normalised as <see cref="Normalisation"/> says (<c>speaker</c>,
/// <c>global</c>, or <c>none</c> for versions trained before normalisation existed).
/// </summary>
public sealed record ModelSummary(
    int Version,
    string Embedder,
    int Dimension,
    DateTimeOffset CreatedAt,
    bool Active,
    double Accuracy,
    double MacroF1,
    double MajorityBaseline,
    string Learner = "forest",
    string Normalisation = "none");
