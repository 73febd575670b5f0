using System.Buffers;
using System.Collections;

namespace EmotionGrid.Audio.Streaming;

/// <summary>
/// A clip being cut into 16 kHz segments as it is decoded (see <see cref="AudioFrontEnd.ReadSegments"/>).
/// Enumerate it once; what the header says is known from the start, and the totals
/// (<see cref="DurationSeconds"/>, <see cref="SampleCount"/>, final <see cref="Warnings"/>) once
/// the enumeration has finished (<see cref="IsCompleted"/>).
/// <para>
/// Memory stays flat whatever the length: the decoder's and resampler's small buffers, a window of
/// one segment, and the segment handed out (a new array each time, which the caller may keep or drop).
/// </para>
/// <para>
/// Errors found while reading (a NaN sample, a stream of undeclared length running past
/// <see cref="WavDecoderOptions.MaxSeconds"/>, a clip shorter than
/// <see cref="WavDecoderOptions.MinSeconds"/>) are thrown as <see cref="AudioFormatException"/> by
/// the enumeration, possibly after some segments were produced: treat the whole file as failed then.
/// </para>
/// </summary>
public sealed class SegmentedAudio : IEnumerable<AudioSegment>, IDisposable
{
    private readonly WavSampleReader _reader;
    private bool _enumerated;
    private long _sampleCount;
    private int _segmentCount;

    internal SegmentedAudio(WavSampleReader reader, SegmentOptions options)
    {
        _reader = reader;
        Options = options;
    }

    public SegmentOptions Options { get; }

    /// <summary>The file's sample rate in Hz (known from the header).</summary>
    public int SourceSampleRate => _reader.SampleRate;

    /// <summary>The file's channel count (known from the header).</summary>
    public int SourceChannels => _reader.Channels;

    public int SourceBitsPerSample => _reader.BitsPerSample;

    /// <summary>An ffmpeg-style name such as <c>pcm_s16le</c> (known from the header).</summary>
    public string SourceEncoding => _reader.Encoding;

    /// <summary>True once every segment was produced and the clip passed the decoder's end checks.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Segments produced so far (all of them once <see cref="IsCompleted"/>).</summary>
    public int SegmentCount => _segmentCount;

    /// <summary>Duration of the source clip in seconds (as <see cref="PreparedAudio.DurationSeconds"/>); once <see cref="IsCompleted"/>.</summary>
    public double DurationSeconds => Completed(_reader.DurationSeconds);

    /// <summary>Length of the whole clip at 16 kHz (as <see cref="PreparedAudio.Samples"/>' length); once <see cref="IsCompleted"/>.</summary>
    public long SampleCount => Completed(_sampleCount);

    /// <summary>Decoder warnings (as <see cref="PreparedAudio.Warnings"/>); final once <see cref="IsCompleted"/>.</summary>
    public IReadOnlyList<string> Warnings => _reader.Warnings;

    public IEnumerator<AudioSegment> GetEnumerator()
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("the segments of a stream can be enumerated only once");
        }

        _enumerated = true;
        return Segments().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns the decoder's buffer (enumerating to the end, or disposing its enumerator, does too).</summary>
    public void Dispose() => _reader.Dispose();

    private T Completed<T>(T value) => IsCompleted
        ? value
        : throw new InvalidOperationException("the totals are known once every segment has been read");

    private IEnumerable<AudioSegment> Segments()
    {
        var length = Options.SegmentSamples;
        var hop = Options.HopSamples;
        var resampler = new StreamingResampler(_reader.SampleRate, PreparedAudio.SampleRate);
        var blockFrames = Math.Min(_reader.BlockFrames, 16_384);
        var block = ArrayPool<float>.Shared.Rent(blockFrames);
        var resampled = ArrayPool<float>.Shared.Rent(PolyphaseResampler.OutputLength(blockFrames, _reader.SampleRate, PreparedAudio.SampleRate));

        // The last `length` samples of the clip, written circularly: sample i lives at i % length.
        var window = ArrayPool<float>.Shared.Rent(length);
        try
        {
            long received = 0;
            long nextStart = 0;
            long lastEnd = 0;
            var ended = false;
            while (!ended)
            {
                int produced;
                var got = _reader.Read(block.AsSpan(0, blockFrames));
                if (got > 0)
                {
                    Grow(ref resampled, resampler.ProcessLength(got));
                    produced = resampler.Process(block.AsSpan(0, got), resampled);
                }
                else
                {
                    Grow(ref resampled, resampler.FlushLength);
                    produced = resampler.Flush(resampled);
                    ended = true;
                }

                var used = 0;
                while (used < produced)
                {
                    // Fill up to where the next full segment ends, and emit it there.
                    var boundary = nextStart + length;
                    var take = (int)Math.Min(produced - used, boundary - received);
                    Write(window, length, received, resampled.AsSpan(used, take));
                    received += take;
                    used += take;
                    if (received == boundary)
                    {
                        yield return Segment(window, length, nextStart, length);
                        lastEnd = boundary;
                        nextStart += hop;
                    }
                }
            }

            _sampleCount = received;
            if (received < length)
            {
                // A clip no longer than one segment is one segment: the whole clip, as Prepare gives it.
                yield return Segment(window, length, 0, (int)received);
            }
            else if (lastEnd < received)
            {
                // The tail after the last full segment: one more full-length segment, aligned to the end.
                yield return Segment(window, length, received - length, length);
            }

            IsCompleted = true;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(window);
            ArrayPool<float>.Shared.Return(resampled);
            ArrayPool<float>.Shared.Return(block);
            _reader.Dispose();
        }
    }

    private AudioSegment Segment(float[] window, int length, long start, int count)
    {
        var samples = new float[count];
        var at = (int)(start % length);
        var first = Math.Min(count, length - at);
        window.AsSpan(at, first).CopyTo(samples);
        window.AsSpan(0, count - first).CopyTo(samples.AsSpan(first));
        var rate = (double)PreparedAudio.SampleRate;
        return new AudioSegment(_segmentCount++, start / rate, (start + count) / rate, samples);
    }

    private static void Write(float[] window, int length, long position, ReadOnlySpan<float> samples)
    {
        var at = (int)(position % length);
        var first = Math.Min(samples.Length, length - at);
        samples[..first].CopyTo(window.AsSpan(at));
        samples[first..].CopyTo(window);
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            ArrayPool<float>.Shared.Return(buffer);
            buffer = ArrayPool<float>.Shared.Rent(length);
        }
    }
}
