using System.Collections.Concurrent;
using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains.Intake;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>Records every command; optionally runs it inline (e.g. on an <see cref="AudioFileGrain"/>).</summary>
internal sealed class RecordingDispatcher(Func<ProcessAudioFile, CancellationToken, Task>? inline = null) : IFileDispatcher
{
    private readonly ConcurrentQueue<ProcessAudioFile> _commands = new();

    public IReadOnlyList<ProcessAudioFile> Commands => _commands.ToArray();

    public Func<ProcessAudioFile, CancellationToken, Task>? Inline { get; set; } = inline;

    public async Task DispatchAsync(ProcessAudioFile command, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command);
        if (Inline is not null)
        {
            await Inline(command, cancellationToken);
        }
    }
}
