using EmotionGrid.Audio.Streaming;

namespace EmotionGrid.Audio.Tests.Streaming;

/// <summary>Block by block, the streaming resampler gives exactly what the batch one gives for the whole clip.</summary>
public sealed class StreamingResamplerTests
{
    public static TheoryData<int, int> RatePairs => new()
    {
        { 48_000, 16_000 },
        { 44_100, 16_000 },
        { 8_000, 16_000 },
        { 22_050, 16_000 },
        { 16_000, 16_000 },
        { 16_000, 48_000 },
        { 192_000, 16_000 },
        { 44_100, 16_001 }, // the interpolated-phase path
    };

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Random_block_sizes_give_the_batch_output_bit_for_bit(int from, int to)
    {
        var random = new Random(from ^ (to * 31));
        foreach (var length in new[] { 0, 1, 2, 5, 37, 300, 1_000, from / 3, from + 17, 3 * from })
        {
            var input = Noise(random, length);
            var expected = PolyphaseResampler.Resample(input, from, to);

            for (var trial = 0; trial < 4; trial++)
            {
                // Trial 0: one sample at a time for short clips; otherwise random sizes, empty blocks included.
                var maxBlock = trial switch { 0 => 1, 1 => 8, 2 => 700, _ => 20_000 };
                if (maxBlock == 1 && length > 5_000)
                {
                    maxBlock = 64;
                }

                var actual = StreamInBlocks(input, from, to, random, maxBlock);

                Assert.True(expected.Length == actual.Length, $"{from}->{to}, {length} samples, blocks <= {maxBlock}: {actual.Length} outputs, expected {expected.Length}");
                var firstDifference = Enumerable.Range(0, expected.Length).FirstOrDefault(i => expected[i] != actual[i], -1);
                Assert.True(firstDifference < 0, $"{from}->{to}, {length} samples, blocks <= {maxBlock}: output {firstDifference} differs");
            }
        }
    }

    [Fact]
    public void Lengths_are_announced_before_each_call()
    {
        var resampler = new StreamingResampler(44_100, 16_000);
        var input = Noise(new Random(7), 10_000);
        var output = new float[20_000];
        var at = 0;
        foreach (var size in new[] { 10, 0, 500, 2_000, 7_490 })
        {
            var announced = resampler.ProcessLength(size);
            Assert.Equal(announced, resampler.Process(input.AsSpan(at, size), output));
            at += size;
        }

        var flush = resampler.FlushLength;
        Assert.Equal(flush, resampler.Flush(output));
        Assert.Equal(PolyphaseResampler.OutputLength(10_000, 44_100, 16_000), resampler.OutputCount);
        Assert.Equal(10_000, resampler.InputCount);
        Assert.Equal(0, resampler.FlushLength);
    }

    [Fact]
    public void The_span_returning_overloads_agree()
    {
        var input = Noise(new Random(3), 48_000);
        var expected = PolyphaseResampler.Resample(input, 48_000, 16_000);
        var resampler = new StreamingResampler(48_000, 16_000);
        var output = new List<float>();

        for (var at = 0; at < input.Length; at += 4_999)
        {
            output.AddRange(resampler.Process(input.AsSpan(at, Math.Min(4_999, input.Length - at))));
        }

        output.AddRange(resampler.Flush());
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        var resampler = new StreamingResampler(48_000, 16_000);

        Assert.Throws<ArgumentException>(() => resampler.Process(new float[48_000], new float[10]));
        resampler.Flush(new float[resampler.FlushLength]);
        Assert.Throws<InvalidOperationException>(() => resampler.Process(new float[10], new float[10]));
        Assert.Throws<InvalidOperationException>(() => resampler.Flush(new float[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingResampler(0, 16_000));
    }

    [Fact]
    public void Memory_does_not_grow_with_the_input()
    {
        var resampler = new StreamingResampler(48_000, 16_000);
        var block = Noise(new Random(5), 4_800);
        var output = new float[2_000];
        resampler.Process(block, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            resampler.Process(block, output);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static float[] StreamInBlocks(float[] input, int from, int to, Random random, int maxBlock)
    {
        var resampler = new StreamingResampler(from, to);
        var output = new List<float>();
        var buffer = new float[1];
        var at = 0;
        while (at < input.Length)
        {
            var size = Math.Min(random.Next(maxBlock + 1), input.Length - at);
            var count = resampler.ProcessLength(size);
            if (buffer.Length < count)
            {
                buffer = new float[count];
            }

            Assert.Equal(count, resampler.Process(input.AsSpan(at, size), buffer));
            output.AddRange(buffer.AsSpan(0, count));
            at += size;
        }

        var rest = new float[resampler.FlushLength];
        Assert.Equal(rest.Length, resampler.Flush(rest));
        output.AddRange(rest);
        return [.. output];
    }

    private static float[] Noise(Random random, int length)
    {
        var x = new float[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = (float)((0.5 * Math.Sin(i * 0.013)) + (0.4 * (random.NextDouble() - 0.5)));
        }

        return x;
    }
}
