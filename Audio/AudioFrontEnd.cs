using System.Buffers;
using System.Globalization;
using EmotionGrid.Audio.Streaming;

namespace EmotionGrid.Audio;

/// <summary>
/// Turns an uploaded WAV into what every embedder takes: 16 kHz mono float samples, either whole
/// (<see cref="Prepare"/>) or as fixed-length overlapping segments (<see cref="ReadSegments"/>).
/// Both stream: decoding and resampling go block by block, so memory is a small constant plus the
/// 16 kHz output (<see cref="Prepare"/>) or one segment (<see cref="ReadSegments"/>).
/// Thread-safe when the decoder is (the <see cref="WavDecoder"/> is).
/// </summary>
public sealed class AudioFrontEnd(WavDecoder decoder)
{
    public AudioFrontEnd()
        : this(new WavDecoder())
    {
    }

    public WavDecoder Decoder => decoder;

    /// <summary>
    /// Decodes and resamples the whole clip; throws <see cref="AudioFormatException"/> for anything
    /// undecodable. The samples are exactly <see cref="PolyphaseResampler.Resample(ReadOnlySpan{float}, int, int)"/>
    /// of <see cref="WavDecoder.Decode(Stream)"/>'s, without ever holding the source-rate clip.
    /// </summary>
    public PreparedAudio Prepare(Stream wav)
    {
        using var reader = decoder.Open(wav);
        var resampler = new StreamingResampler(reader.SampleRate, PreparedAudio.SampleRate);
        var expectedFrames = Math.Min(reader.ExpectedFrames, reader.MaxFrames);
        var samples = new float[OutputLength(expectedFrames, reader.SampleRate)];
        var count = 0;
        var block = ArrayPool<float>.Shared.Rent(reader.BlockFrames);
        try
        {
            int got;
            while ((got = reader.Read(block.AsSpan(0, reader.BlockFrames))) > 0)
            {
                Ensure(ref samples, count, resampler.ProcessLength(got), reader);
                count += resampler.Process(block.AsSpan(0, got), samples.AsSpan(count));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
        }

        Ensure(ref samples, count, resampler.FlushLength, reader);
        count += resampler.Flush(samples.AsSpan(count));
        if (count != samples.Length)
        {
            Array.Resize(ref samples, count);
        }

        return new PreparedAudio(samples, reader.DurationSeconds, reader.SampleRate, reader.Channels, reader.Encoding, reader.Warnings);
    }

    /// <summary>
    /// Streams the clip as 16 kHz segments for per-segment embedding, holding one segment at a time.
    /// With L = <see cref="SegmentOptions.SegmentSamples"/> (SegmentSeconds x 16000, default 10 s),
    /// O = <see cref="SegmentOptions.OverlapSamples"/> (default 1 s) and hop = L - O, and T the
    /// length of the whole clip at 16 kHz (what <see cref="Prepare"/> would return):
    /// <list type="bullet">
    /// <item>T &lt;= L: one segment, the whole clip (identical to <see cref="Prepare"/>'s samples), so short files embed exactly as before;</item>
    /// <item>T &gt; L: segments of exactly L samples starting at 0, hop, 2 hop, ... for as long as they fit
    /// entirely, then, if the clip goes on past the last of them, one more of L samples aligned to the
    /// end (start T - L), so the tail is covered and every segment has the same length.</item>
    /// </list>
    /// For example, 25 s with the defaults gives [0, 10], [9, 19], [15, 25]. Each segment's samples
    /// equal the matching slice of <see cref="Prepare"/>'s. The header is read and validated now
    /// (an <see cref="AudioFormatException"/> here means nothing was decoded); errors in the data are
    /// thrown during the enumeration (see <see cref="SegmentedAudio"/>), whose totals (duration,
    /// warnings) are filled in when it finishes. <paramref name="wav"/> stays the caller's to dispose,
    /// after the enumeration.
    /// </summary>
    /// <example>
    /// <code>
    /// using var audio = frontEnd.ReadSegments(stream, options);
    /// foreach (var segment in audio)
    /// {
    ///     vectors.Add((segment.StartSeconds, segment.EndSeconds, embedder.Embed(segment.Samples)));
    /// }
    /// // audio.DurationSeconds, audio.SourceSampleRate, audio.SourceChannels, audio.Warnings are final here.
    /// </code>
    /// </example>
    public SegmentedAudio ReadSegments(Stream wav, SegmentOptions? options = null)
    {
        options ??= SegmentOptions.Default;
        options.Validate();
        return new SegmentedAudio(decoder.Open(wav), options);
    }

    private static int OutputLength(long frames, int sampleRate) =>
        (int)Math.Min(((frames * PreparedAudio.SampleRate) + sampleRate - 1) / sampleRate, Array.MaxLength);

    /// <summary>Makes room for <paramref name="more"/> samples after <paramref name="count"/>, doubling.</summary>
    private static void Ensure(ref float[] samples, int count, int more, WavSampleReader reader)
    {
        var needed = (long)count + more;
        if (needed <= samples.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new AudioFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"audio is more than {reader.DurationSeconds:0.00} s long; too long to prepare in one piece (process it in segments)"));
        }

        Array.Resize(ref samples, (int)Math.Min(Math.Max(2L * samples.Length, needed), Array.MaxLength));
    }
}
