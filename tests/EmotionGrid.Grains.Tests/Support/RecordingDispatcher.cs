using System.Collections.Concurrent;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>Records every file handed on (with the blob and name its catalog row had then); optionally processes it inline.</summary>
internal sealed class RecordingDispatcher(IFileCatalog catalog, Func<ProcessAudioFile, CancellationToken, Task>? inline = null) : IFileDispatcher
{
    private readonly ConcurrentQueue<ProcessAudioFile> _commands = new();

    public IReadOnlyList<ProcessAudioFile> Commands => _commands.ToArray();

    public Func<ProcessAudioFile, CancellationToken, Task>? Inline { get; set; } = inline;

    public async Task DispatchAsync(string fileId, CancellationToken cancellationToken = default)
    {
        var row = await catalog.GetAsync(fileId, cancellationToken) ?? throw new InvalidOperationException($"dispatched {fileId} has no catalog row");
        var command = new ProcessAudioFile(fileId, row.AudioBlob, row.Name);
        _commands.Enqueue(command);
        if (Inline is not null)
        {
            await Inline(command, cancellationToken);
        }
    }
}
