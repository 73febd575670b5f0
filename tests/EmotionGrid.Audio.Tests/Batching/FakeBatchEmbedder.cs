using EmotionGrid.Audio.Batching;

namespace EmotionGrid.Audio.Tests.Batching;

/// <summary>
/// An <see cref="IBatchAudioEmbedder"/> for batcher tests: a clip's vector is [length, sum, first sample];
/// every run's clip lengths are recorded (-1 for a null clip); runs block while <see cref="Gate"/> is closed,
/// so tests can pile up clips behind a busy run; a clip starting with <see cref="Poison"/> makes its run throw.
/// </summary>
internal sealed class FakeBatchEmbedder(bool canPadClips = true, TimeProvider? clock = null) : IBatchAudioEmbedder, IDisposable
{
    public const float Poison = -999f;
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Lock _sync = new();
    private readonly List<int[]> _runs = [];
    private readonly List<DateTimeOffset> _runTimes = [];

    public string Id => "fake-v1";

    public int Dimension => 3;

    public bool CanPadClips { get; } = canPadClips;

    /// <summary>Open by default; close it (Reset) to hold runs until the test opens it again.</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    /// <summary>Released once as each run starts (before it waits on the gate).</summary>
    public SemaphoreSlim RunStarted { get; } = new(0);

    /// <summary>The clip lengths of every run so far, in the order the runs started.</summary>
    public IReadOnlyList<int[]> Runs
    {
        get
        {
            lock (_sync)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>When each run started, by the clock given to the constructor.</summary>
    public IReadOnlyList<DateTimeOffset> RunTimes
    {
        get
        {
            lock (_sync)
            {
                return [.. _runTimes];
            }
        }
    }

    public static float[] Expected(float[] clip) => [clip.Length, clip.Sum(), clip.Length > 0 ? clip[0] : 0f];

    public float[] Embed(ReadOnlySpan<float> samples16kMono) => Expected(samples16kMono.ToArray());

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> clips)
    {
        lock (_sync)
        {
            _runs.Add([.. clips.Select(c => c?.Length ?? -1)]);
            _runTimes.Add((clock ?? TimeProvider.System).GetUtcNow());
        }

        RunStarted.Release();
        if (!Gate.Wait(Patience))
        {
            throw new TimeoutException("the test never opened the gate");
        }

        if (clips.Any(c => c is null))
        {
            throw new ArgumentNullException(nameof(clips), "a clip is null");
        }

        if (clips.Any(c => c.Length > 0 && c[0] == Poison))
        {
            throw new InvalidOperationException("poisoned clip");
        }

        return [.. clips.Select(Expected)];
    }

    /// <summary>Waits until one more run has started.</summary>
    public async Task WaitForRunAsync() => Assert.True(await RunStarted.WaitAsync(Patience), "no run started");

    /// <summary>
    /// Starts a one-clip run that blocks on the closed gate (the batcher needs a single runner), so clips queued
    /// afterwards pile up deterministically; open <see cref="Gate"/> to let everything go.
    /// </summary>
    public async Task<Task<IReadOnlyList<float[]>>> OccupyAsync(DynamicBatcher batcher, int length)
    {
        Gate.Reset();
        var busy = batcher.EmbedAsync([Clips.Of(length)]);
        await WaitForRunAsync();
        return busy;
    }

    public void Dispose()
    {
        Gate.Set();
        Gate.Dispose();
        RunStarted.Dispose();
    }
}
