using EmotionGrid.Audio.Streaming;

namespace EmotionGrid.Audio.Tests.Streaming;

/// <summary>Measures the whole process's heap, so it runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(LongFileMemoryTests), DisableParallelization = true)]
public sealed class LongFileMemoryCollection;

[Collection(nameof(LongFileMemoryTests))]
public sealed class LongFileMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void A_10_minute_48k_stereo_file_segments_in_flat_memory()
    {
        // 10 min of 48 kHz stereo 16-bit, synthesised as it is read: 115 MB of WAV that never exists
        // whole. Decoded to floats it would be 230 MB at 48 kHz, 38.4 MB even at 16 kHz mono.
        const long frames = 10L * 60 * 48_000;
        const long fullOutputBytes = 10L * 60 * 16_000 * sizeof(float);
        var source = new SyntheticWavStream(48_000, 2, frames);
        var options = SegmentOptions.Default;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var starts = new List<double>();
        var worstError = 0.0;

        using (var audio = new AudioFrontEnd().ReadSegments(source, options))
        {
            foreach (var segment in audio)
            {
                Assert.Equal(options.SegmentSamples, segment.Samples.Length);
                starts.Add(segment.StartSeconds);
                worstError = Math.Max(worstError, WorstErrorInTheMiddle(source, segment));
                if (segment.Index % 10 == 9)
                {
                    GC.Collect();
                }

                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
            }

            Assert.True(audio.IsCompleted);
            Assert.Equal(600.0, audio.DurationSeconds);
            Assert.Equal(9_600_000, audio.SampleCount);
            Assert.Equal(2, audio.SourceChannels);
            Assert.Empty(audio.Warnings);
        }

        output.WriteLine($"{starts.Count} segments; heap above baseline peaked at {peak / 1e6:0.0} MB (the whole 16 kHz clip is {fullOutputBytes / 1e6:0.0} MB); worst error {worstError:E2}");

        // Full segments start every 9 s while they fit (0 ... 585 s), then one ends at 600 s.
        var expected = Enumerable.Range(0, 66).Select(k => 9.0 * k).Append(590.0);
        Assert.Equal(expected, starts);
        Assert.True(peak < fullOutputBytes, $"the heap grew by {peak / 1e6:0.0} MB: memory is not flat");
        Assert.True(worstError < 1e-3, $"segments do not hold the source tones (error {worstError})");
    }

    /// <summary>
    /// The tones (800 and 480 Hz) are far inside the passband, so away from the clip's edges the 16 kHz
    /// output is the source at 1/3 of the sample index (every third 48 kHz frame, exactly).
    /// </summary>
    private static double WorstErrorInTheMiddle(SyntheticWavStream source, AudioSegment segment)
    {
        var first = (long)Math.Round(segment.StartSeconds * 16_000);
        var worst = 0.0;
        for (var i = 1_000; i < segment.Samples.Length - 1_000; i += 997)
        {
            var at = first + i;
            if (at > 1_000 && at < 9_600_000 - 1_000)
            {
                worst = Math.Max(worst, Math.Abs(segment.Samples[i] - source.Mono(3 * at)));
            }
        }

        return worst;
    }
}
