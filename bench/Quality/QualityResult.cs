using EmotionGrid.Learning;

namespace EmotionGrid.Bench.Quality;

/// <summary>One ablation row: the pooled held-out-speaker report, calibration error, and which learner settings won per outer fold.</summary>
public sealed record QualityResult(string Features, string Normalisation, string Learner, bool Augmented, ClassificationReport Report, double Ece, double UncalibratedEce, IReadOnlyList<string> Winners);
