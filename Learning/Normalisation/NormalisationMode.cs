namespace EmotionGrid.Learning.Normalisation;

/// <summary>How a model's input vectors are normalised before the classifier sees them (text form in model.json and the API).</summary>
public static class NormalisationMode
{
    /// <summary>Each known speaker's own statistics (z-score over all of that speaker's files), global statistics for the rest.</summary>
    public const string Speaker = "speaker";

    /// <summary>One set of statistics for everyone: the training vectors' (as a fallback, or a model trained without speaker normalisation).</summary>
    public const string Global = "global";

    /// <summary>Raw vectors (models of format 1, before normalisation existed).</summary>
    public const string None = "none";

    public static bool IsKnown(string? mode) => mode is Speaker or Global;
}
