namespace EmotionGrid.Contracts.Files;

/// <summary>
/// One window of a long file (longer than <c>Audio:SegmentSeconds</c>): its span in the file and,
/// once a model has scored it, its emotion, for the dashboard's emotion timeline.
/// <c>Text</c> is what was said in it (the file transcript's words that start inside the window).
/// </summary>
public sealed record FileSegment(int Index, double StartSeconds, double EndSeconds, string? Emotion = null, double? Confidence = null, string? Text = null);
