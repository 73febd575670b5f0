using System.Collections.Concurrent;

namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>
/// At most a fixed number of decoders, made on demand (each loads the model: about a second and tens of MB) and
/// reused. A session rents one only while it decodes an utterance, so many recordings share few decoders.
/// </summary>
internal sealed class DecoderPool : IDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<PocketSphinxDecoder> _idle = [];
    private volatile bool _disposed;

    public DecoderPool(IReadOnlyList<string> arguments, int maxDecoders, PocketSphinxDecoder first)
    {
        _arguments = arguments;
        _slots = new SemaphoreSlim(maxDecoders, maxDecoders);
        _idle.Add(first);
    }

    /// <summary>Runs <paramref name="work"/> on a decoder of its own; null when no decoder could be made.</summary>
    public T? With<T>(Func<PocketSphinxDecoder, T?> work)
        where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _slots.Wait();
        PocketSphinxDecoder? decoder = null;
        try
        {
            if (!_idle.TryTake(out decoder))
            {
                decoder = PocketSphinxDecoder.TryCreate(_arguments, out _);
            }

            return decoder is null ? null : work(decoder);
        }
        finally
        {
            if (decoder is not null)
            {
                if (_disposed)
                {
                    decoder.Dispose();
                }
                else
                {
                    _idle.Add(decoder);
                }
            }

            _slots.Release();
        }
    }

    /// <summary>Frees the idle decoders; one still decoding is freed when it comes back (or by its handle's finalizer).</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var decoder))
        {
            decoder.Dispose();
        }
    }
}
