namespace EmotionGrid.Learning;

/// <summary>
/// What a corpus file name says: the corpus (<c>ravdess</c>, <c>tess</c>, <c>crema-d</c>), the emotion
/// in our shared vocabulary (neutral, calm, happy, sad, angry, fearful, disgust, surprised) and a
/// speaker id unique across corpora (<c>ravdess-07</c>, <c>tess-OAF</c>, <c>crema-1001</c>).
/// </summary>
public sealed record DatasetLabel(string Dataset, string Emotion, string Speaker);
