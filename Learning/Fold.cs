namespace EmotionGrid.Learning;

/// <summary>Row indices of one cross-validation split: fit on <paramref name="Train"/>, score on <paramref name="Test"/>.</summary>
public sealed record Fold(int[] Train, int[] Test);
