namespace EmotionGrid.Grains.Training;

/// <summary>The data cannot make a model (too few labelled files, fewer than two emotions): the message says what is missing.</summary>
public sealed class TrainingRefusedException(string reason) : Exception(reason);
