namespace EmotionGrid.Contracts.Messages;

/// <summary>Command to the AudioFileGrain: embed the registered file <paramref name="FileId"/>.</summary>
/// <param name="FileId">SHA-256 of the content, lower-case hex.</param>
/// <param name="BlobKey">Where the audio was when the command was sent, e.g. <c>incoming/a.wav</c>.</param>
/// <param name="Name">The file's user-facing name.</param>
public sealed record ProcessAudioFile(string FileId, string BlobKey, string Name);
