namespace EmotionGrid.Bench;

/// <summary>
/// What a RAVDESS file name says (modality-vocal-emotion-intensity-statement-repetition-actor.wav): the emotion
/// and which of the two sentences is spoken, so a transcript can be scored without any label file.
/// </summary>
public sealed record RavdessClip(string Path, string Emotion, string Sentence, int Actor)
{
    public static readonly string[] Emotions = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"];

    public static RavdessClip Parse(string path)
    {
        var fields = System.IO.Path.GetFileNameWithoutExtension(path).Split('-');
        var emotion = Emotions[int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) - 1];
        var sentence = fields[4] == "01" ? "kids are talking by the door" : "dogs are sitting by the door";
        return new RavdessClip(path, emotion, sentence, int.Parse(fields[6], System.Globalization.CultureInfo.InvariantCulture));
    }
}
