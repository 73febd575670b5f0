namespace EmotionGrid.Contracts.Files;

/// <summary>What was said in a file or clip: the text, the recogniser's confidence in [0, 1], each word with its time, and which recogniser.</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.transcript")]
public sealed record Transcript(string Text, double Confidence, IReadOnlyList<TranscriptWord> Words, string Transcriber)
{
    /// <summary>The words that start in [<paramref name="startSeconds"/>, <paramref name="endSeconds"/>): what was said in one segment of a file.</summary>
    public string TextBetween(double startSeconds, double endSeconds) =>
        string.Join(' ', Words.Where(w => w.StartSeconds >= startSeconds && w.StartSeconds < endSeconds).Select(w => w.Word));
}

/// <summary>One recognised word; times in seconds from the start of the recording.</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.transcriptWord")]
public sealed record TranscriptWord(string Word, double StartSeconds, double EndSeconds, double Confidence);
