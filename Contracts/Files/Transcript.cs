namespace EmotionGrid.Contracts.Files;

/// <summary>What was said in a file or clip: the text, the recogniser's confidence in [0, 1], each word with its time, and which recogniser.</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.transcript")]
public sealed record Transcript(string Text, double Confidence, IReadOnlyList<TranscriptWord> Words, string Transcriber);

/// <summary>One recognised word; times in seconds from the start of the recording.</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.transcriptWord")]
public sealed record TranscriptWord(string Word, double StartSeconds, double EndSeconds, double Confidence);
