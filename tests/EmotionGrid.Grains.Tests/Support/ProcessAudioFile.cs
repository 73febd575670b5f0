namespace EmotionGrid.Grains.Tests.Support;

/// <summary>A registered file as the tests drive it: its id, and where and under which name the intake found it.</summary>
internal sealed record ProcessAudioFile(string FileId, string BlobKey, string Name);
