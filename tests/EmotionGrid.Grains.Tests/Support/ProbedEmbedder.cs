using System.Collections.Concurrent;
using EmotionGrid.Audio;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>
/// What the test sees of every silo's embedder: which silo embedded how many clips, and a gate that holds
/// embedding calls (per silo) until the test opens it, so a test can kill a silo while a file is inside.
/// </summary>
internal sealed class EmbedderProbe
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, bool> _abandoned = new();
    private readonly TaskCompletionSource<string> _firstEntry = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _open = new(initialState: true);

    public int Calls(string silo) => _calls.GetValueOrDefault(silo);

    public int TotalCalls => _calls.Values.Sum();

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    /// <summary>Calls held on <paramref name="silo"/> never return (that silo is dead: its threads must write nothing).</summary>
    public void Abandon(string silo) => _abandoned[silo] = true;

    /// <summary>The silo of the first call that entered an embedder.</summary>
    public Task<string> FirstEntry => _firstEntry.Task;

    public void Enter(string silo)
    {
        _calls.AddOrUpdate(silo, 1, (_, n) => n + 1);
        _firstEntry.TrySetResult(silo);
        while (true)
        {
            var open = _open.Wait(TimeSpan.FromMilliseconds(50));
            if (_abandoned.ContainsKey(silo))
            {
                Thread.Sleep(Timeout.Infinite);
            }

            if (open)
            {
                return;
            }
        }
    }
}

/// <summary>An embedder that reports each call to the <see cref="EmbedderProbe"/> under its silo's name.</summary>
internal sealed class ProbedEmbedder(IAudioEmbedder inner, string silo, EmbedderProbe probe) : IAudioEmbedder
{
    public string Id => inner.Id;

    public int Dimension => inner.Dimension;

    public float[] Embed(ReadOnlySpan<float> samples)
    {
        probe.Enter(silo);
        return inner.Embed(samples);
    }
}
