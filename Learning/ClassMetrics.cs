namespace EmotionGrid.Learning;

/// <summary>One class's row of a <see cref="ClassificationReport"/>; <paramref name="Support"/> is its number of true rows.</summary>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, int Support);
