using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Streaming;

/// <summary>
/// <see cref="PolyphaseResampler"/> one block at a time: push input in blocks of any size with
/// <see cref="Process(ReadOnlySpan{float}, Span{float})"/>, then call <see cref="Flush(Span{float})"/>
/// once at the end. The concatenated output is bit-for-bit what
/// <see cref="PolyphaseResampler.Resample(ReadOnlySpan{float}, int, int)"/> returns for the
/// concatenated input (which is implemented with this class), whatever the block sizes.
/// <para>
/// Output sample n is the filter centred on input time <c>n * fromRate / toRate</c>, so it can be
/// produced once the input reaches half a filter length past that instant; the rest comes out at
/// <see cref="Flush(Span{float})"/>, which treats the input as zero beyond its end (as the batch
/// resampler does at both ends). Memory is one filter length of history, whatever the input length.
/// Not thread-safe; the filter banks it uses are shared and cached.
/// </para>
/// </summary>
public sealed class StreamingResampler
{
    private readonly PolyphaseFilterBank? _bank;
    private readonly int _l;
    private readonly int _whole;
    private readonly int _step;
    private readonly int _halfTaps;
    private readonly int _taps;
    private readonly double _grid;

    /// <summary>Input from absolute index <see cref="_pendingStart"/> that later outputs still need (less than one filter length).</summary>
    private readonly float[] _pending;

    /// <summary>Pending input followed by the head of the next block, where windows straddle the two.</summary>
    private readonly float[] _work;

    private int _pendingCount;
    private long _pendingStart;

    /// <summary>Floor input index and phase (in L units) of the next output sample.</summary>
    private long _index;
    private int _phase;

    private float[]? _output;
    private bool _flushed;

    public StreamingResampler(int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        FromRate = fromRate;
        ToRate = toRate;
        if (fromRate == toRate)
        {
            _pending = [];
            _work = [];
            return;
        }

        var bank = PolyphaseResampler.BankFor(fromRate, toRate);
        _bank = bank;
        _l = bank.Interpolation;
        _whole = bank.Decimation / bank.Interpolation;
        _step = bank.Decimation % bank.Interpolation;
        _halfTaps = bank.HalfTaps;
        _taps = bank.TapsPerPhase;
        _grid = (double)bank.PhaseCount / bank.Interpolation;

        // The clip is preceded by zeros: the first window starts HalfTaps - 1 samples before it.
        _pending = new float[_taps];
        _work = new float[2 * _taps];
        _pendingCount = _halfTaps - 1;
        _pendingStart = -_pendingCount;
    }

    public int FromRate { get; }

    public int ToRate { get; }

    /// <summary>Input samples pushed so far.</summary>
    public long InputCount { get; private set; }

    /// <summary>Output samples produced so far.</summary>
    public long OutputCount { get; private set; }

    /// <summary>Outputs the next <see cref="Process(ReadOnlySpan{float}, Span{float})"/> of <paramref name="inputLength"/> samples writes.</summary>
    public int ProcessLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)(ReadyAfter(InputCount + inputLength) - OutputCount));
    }

    /// <summary>Outputs <see cref="Flush(Span{float})"/> writes: the rest of <c>ceil(InputCount * toRate / fromRate)</c>.</summary>
    public int FlushLength => _flushed ? 0 : checked((int)(Total(InputCount) - OutputCount));

    /// <summary>
    /// Pushes <paramref name="input"/> and writes the outputs it completes to <paramref name="output"/>,
    /// which must hold at least <see cref="ProcessLength"/> samples. Returns how many were written.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        ThrowIfFlushed();
        var count = ProcessLength(input.Length);
        if (output.Length < count)
        {
            throw new ArgumentException($"output must hold at least {count} samples", nameof(output));
        }

        InputCount += input.Length;
        if (_bank is null)
        {
            input.CopyTo(output);
        }
        else
        {
            Push(input, output[..count]);
        }

        OutputCount += count;
        return count;
    }

    /// <summary>Like <see cref="Process(ReadOnlySpan{float}, Span{float})"/>, into a buffer that is valid until the next call.</summary>
    public ReadOnlySpan<float> Process(ReadOnlySpan<float> input)
    {
        var output = Buffer(ProcessLength(input.Length));
        return output[..Process(input, output)];
    }

    /// <summary>
    /// Ends the input and writes the remaining <see cref="FlushLength"/> outputs, which
    /// <paramref name="output"/> must hold. Returns how many were written; the resampler is done.
    /// </summary>
    public int Flush(Span<float> output)
    {
        ThrowIfFlushed();
        var count = FlushLength;
        if (output.Length < count)
        {
            throw new ArgumentException($"output must hold at least {count} samples", nameof(output));
        }

        if (_bank is not null && count > 0)
        {
            // Half a filter of zeros completes every window whose centre lies inside the clip,
            // and those are exactly the ceil(N * L / M) outputs of the batch resampler.
            Span<float> zeros = _halfTaps <= 1024 ? stackalloc float[_halfTaps] : new float[_halfTaps];
            zeros.Clear();
            Push(zeros, output[..count]);
        }

        OutputCount += count;
        _flushed = true;
        return count;
    }

    /// <summary>Like <see cref="Flush(Span{float})"/>, into a buffer of the resampler's own.</summary>
    public ReadOnlySpan<float> Flush()
    {
        var output = Buffer(FlushLength);
        return output[..Flush(output)];
    }

    private void ThrowIfFlushed()
    {
        if (_flushed)
        {
            throw new InvalidOperationException("the resampler was flushed; start a new one for more input");
        }
    }

    /// <summary>Outputs that can be complete once <paramref name="inputCount"/> samples are in: those whose window ends inside them.</summary>
    private long ReadyAfter(long inputCount) =>
        _bank is null ? inputCount : Total(Math.Max(0, inputCount - _halfTaps));

    /// <summary>ceil(n * L / M): the batch output length for n input samples.</summary>
    private long Total(long inputCount) =>
        _bank is null ? inputCount : ((inputCount * _bank.Interpolation) + _bank.Decimation - 1) / _bank.Decimation;

    private Span<float> Buffer(int length)
    {
        if (_output is null || _output.Length < length)
        {
            _output = new float[Math.Max(length, 1024)];
        }

        return _output;
    }

    /// <summary>Appends <paramref name="input"/> to the signal and writes every output it completes (exactly <paramref name="output"/>'s length).</summary>
    private void Push(ReadOnlySpan<float> input, Span<float> output)
    {
        var start = _pendingStart + _pendingCount; // absolute index of input[0]
        var written = 0;

        // Windows that begin in the pending history: stitch it to the head of the block. A
        // window is shorter than a filter, so the first _taps samples of the block are enough.
        if (WindowStart < start)
        {
            var head = Math.Min(input.Length, _taps);
            _pending.AsSpan(0, _pendingCount).CopyTo(_work);
            input[..head].CopyTo(_work.AsSpan(_pendingCount));
            written += Run(_work.AsSpan(0, _pendingCount + head), _pendingStart, start, output);
        }

        // Windows entirely inside the block: straight from the caller's memory, no copy.
        if (WindowStart >= start)
        {
            written += Run(input, start, long.MaxValue, output[written..]);
        }

        // Keep what the next window needs: from its start (or the block's end) onward.
        var end = start + input.Length;
        var keepFrom = Math.Min(WindowStart, end);
        if (keepFrom >= start)
        {
            input[(int)(keepFrom - start)..].CopyTo(_pending);
        }
        else
        {
            var tail = _pending.AsSpan((int)(keepFrom - _pendingStart), (int)(start - keepFrom));
            tail.CopyTo(_pending);
            input.CopyTo(_pending.AsSpan(tail.Length));
        }

        _pendingCount = (int)(end - keepFrom);
        _pendingStart = keepFrom;
        if (written != output.Length)
        {
            throw new InvalidOperationException($"resampler bookkeeping: wrote {written} of {output.Length} outputs");
        }
    }

    /// <summary>Absolute input index where the next output's window begins.</summary>
    private long WindowStart => _index - (_halfTaps - 1);

    /// <summary>
    /// Computes outputs from <paramref name="buffer"/> (which holds the signal from absolute index
    /// <paramref name="bufferStart"/>) while the window fits in it and starts before
    /// <paramref name="startBefore"/>. Same arithmetic, in the same order, as the batch loop had.
    /// </summary>
    private int Run(ReadOnlySpan<float> buffer, long bufferStart, long startBefore, Span<float> output)
    {
        var bank = _bank!;
        int taps = _taps, l = _l, whole = _whole, step = _step, phase = _phase;
        var offset = (int)(WindowStart - bufferStart);
        var limit = (int)Math.Min(buffer.Length - (long)taps, startBefore - 1 - bufferStart);
        var n = 0;
        if (bank.IsExact)
        {
            while (offset <= limit)
            {
                output[n++] = TensorPrimitives.Dot(buffer.Slice(offset, taps), bank.Phase(phase));
                offset += whole;
                phase += step;
                if (phase >= l)
                {
                    phase -= l;
                    offset++;
                }
            }
        }
        else
        {
            var grid = _grid;
            while (offset <= limit)
            {
                var position = phase * grid;
                var lower = (int)position;
                var blend = (float)(position - lower);
                var window = buffer.Slice(offset, taps);
                var a = TensorPrimitives.Dot(window, bank.Phase(lower));
                var b = TensorPrimitives.Dot(window, bank.Phase(lower + 1));
                output[n++] = a + (blend * (b - a));
                offset += whole;
                phase += step;
                if (phase >= l)
                {
                    phase -= l;
                    offset++;
                }
            }
        }

        _index = bufferStart + offset + (_halfTaps - 1);
        _phase = phase;
        return n;
    }
}
