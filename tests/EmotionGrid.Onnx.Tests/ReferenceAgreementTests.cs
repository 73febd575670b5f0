using EmotionGrid.OnnxModels;

namespace EmotionGrid.Onnx.Tests;

/// <summary>ORT running the generated graph computes what the plain C# reference computes.</summary>
public sealed class ReferenceAgreementTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(1, 16_000, 11)]
    [InlineData(1, 5_123, 12)]
    [InlineData(3, 8_000, 13)]
    [InlineData(3, 400, 14)]
    public void Without_a_mask_ORT_matches_the_reference(int batch, int samples, int inputSeed)
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);
        var model = OnnxTestRuntime.Tiny(withAttentionMask: false);
        var input = OnnxTestRuntime.RandomSamples(batch * samples, inputSeed);

        var output = OnnxTestRuntime.Run(session, input, batch);
        var expected = Wav2Vec2Reference.Run(model.Weights, input, batch);

        Assert.Equal(expected.Shape.Select(d => (long)d), output.Shape);
        Assert.Equal([batch, model.Shape.FrameCount(samples), model.Shape.Hidden], output.Shape);
        var error = OnnxTestRuntime.RelativeL2(output.Data, expected.Data);
        OnnxTestRuntime.Report($"batch {batch}, {samples} samples: relative L2 {error:E2}");
        Assert.True(error < Tolerance, $"relative L2 {error:E2} ≥ {Tolerance}");
    }

    [Theory]
    [InlineData(1, 16_000, 21)]
    [InlineData(3, 12_000, 22)]
    public void With_a_padding_mask_ORT_matches_the_reference(int batch, int samples, int inputSeed)
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: true);
        var model = OnnxTestRuntime.Tiny(withAttentionMask: true);
        var input = OnnxTestRuntime.RandomSamples(batch * samples, inputSeed);

        // Clip b has samples − b·3 001 real samples, zero padding after (as a batcher pads).
        var mask = new long[batch * samples];
        for (var b = 0; b < batch; b++)
        {
            var length = samples - (b * 3_001);
            mask.AsSpan(b * samples, length).Fill(1);
            input.AsSpan((b * samples) + length, samples - length).Clear();
        }

        var output = OnnxTestRuntime.Run(session, input, batch, mask);
        var expected = Wav2Vec2Reference.Run(model.Weights, input, batch, mask);

        var error = OnnxTestRuntime.RelativeL2(output.Data, expected.Data);
        OnnxTestRuntime.Report($"masked batch {batch}, {samples} samples: relative L2 {error:E2}");
        Assert.True(error < Tolerance, $"relative L2 {error:E2} ≥ {Tolerance}");
    }

    [Fact]
    public void A_batch_item_equals_the_same_item_run_alone()
    {
        // Batch items are independent: what a batcher relies on. (Padding itself is not invisible: the
        // first conv layer's norm is over all samples, padding included, as in wav2vec2-base.)
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: true);
        const int batch = 3;
        const int samples = 6_000;
        var input = OnnxTestRuntime.RandomSamples(batch * samples, 41);
        var mask = new long[batch * samples];
        mask.AsSpan(0, (2 * samples) + 2_500).Fill(1);
        var all = OnnxTestRuntime.Run(session, input, batch, mask);
        var perItem = all.Data.Length / batch;
        for (var b = 0; b < batch; b++)
        {
            var alone = OnnxTestRuntime.Run(session, input.AsSpan(b * samples, samples).ToArray(), 1, mask.AsSpan(b * samples, samples).ToArray());

            var error = OnnxTestRuntime.RelativeL2(all.Data.AsSpan(b * perItem, perItem), alone.Data);
            Assert.True(error < 1e-5, $"item {b}: relative L2 {error:E2}");
        }
    }

    [Fact]
    public void Generation_is_deterministic_per_seed()
    {
        var first = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, 5, withAttentionMask: true).ToBytes();
        var second = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, 5, withAttentionMask: true).ToBytes();
        var other = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, 6, withAttentionMask: true).ToBytes();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }
}
