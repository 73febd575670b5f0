namespace EmotionGrid.Audio.Transcription;

/// <summary>What a recogniser heard: the text, its confidence in [0, 1], and each word with its time in the recording.</summary>
public sealed record SpeechTranscript(string Text, double Confidence, IReadOnlyList<SpokenWord> Words)
{
    public static SpeechTranscript Empty { get; } = new("", 0, []);
}

/// <summary>One recognised word; times in seconds from the start of the recording.</summary>
public sealed record SpokenWord(string Word, double StartSeconds, double EndSeconds, double Confidence);
