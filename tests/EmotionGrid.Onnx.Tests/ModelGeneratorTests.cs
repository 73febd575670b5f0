using EmotionGrid.OnnxModels;
using EmotionGrid.OnnxModels.OnnxFormat;
using EmotionGrid.OnnxModels.Protobuf;

namespace EmotionGrid.Onnx.Tests;

/// <summary>The protobuf writer and the model generator, without ORT.</summary>
public sealed class ModelGeneratorTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Varints_follow_the_protobuf_encoding(ulong value, byte[] expected)
    {
        Assert.Equal(expected, ProtoWriter.Encode(w => w.Varint(value)));
        Assert.Equal(expected.Length, ProtoSize.Varint(value));
    }

    [Fact]
    public void Fields_carry_tags_lengths_and_little_endian_floats()
    {
        // field 1 varint 150 → 08 96 01; field 2 string "hi" → 12 02 68 69; field 3 fixed32 1.0f → 1D 00 00 80 3F.
        var bytes = ProtoWriter.Encode(w =>
        {
            w.Int64(1, 150);
            w.String(2, "hi");
            w.Float(3, 1f);
        });

        Assert.Equal(new byte[] { 0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1D, 0x00, 0x00, 0x80, 0x3F }, bytes);
        Assert.Equal(3 + 4, ProtoSize.Int64(1, 150) + ProtoSize.String(2, "hi"));
    }

    [Fact]
    public void An_initializer_s_computed_length_is_what_it_writes()
    {
        var initializer = OnnxInitializer.Float("w", new float[300], 3, 100);

        var bytes = ProtoWriter.Encode(initializer.WriteTo);

        Assert.Equal(initializer.EncodedLength, bytes.Length);
        Assert.Equal(1200, initializer.RawByteLength);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_written_length_matches_the_bytes_and_the_file(bool withAttentionMask)
    {
        var model = OnnxTestRuntime.Tiny(withAttentionMask);
        using var stream = new MemoryStream();
        var reported = model.WriteTo(stream);
        var path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.onnx");
        try
        {
            var written = model.WriteTo(path);

            Assert.Equal(stream.Length, reported);
            Assert.Equal(reported, written);
            Assert.Equal(stream.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(model.ToBytes(), stream.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Shapes_count_parameters_and_frames_like_Wav2Vec2()
    {
        var tiny = Wav2Vec2Weights.Create(Wav2Vec2Shape.Tiny, 1);

        Assert.Equal(ExpectedParameters(Wav2Vec2Shape.Tiny), tiny.ParameterCount);

        // wav2vec2-base's 94.4 M (Hugging Face also counts the 768-wide mask embedding and the weight-norm gains).
        Assert.Equal(94_370_816, ExpectedParameters(Wav2Vec2Shape.Base));
        Assert.Equal(400, Wav2Vec2Shape.Base.MinimumSamples);
        Assert.Equal(1, Wav2Vec2Shape.Base.FrameCount(400));
        Assert.Equal(0, Wav2Vec2Shape.Base.FrameCount(399));
        Assert.Equal(49, Wav2Vec2Shape.Base.FrameCount(16_000));
        Assert.Equal(199, Wav2Vec2Shape.Base.FrameCount(64_000));
    }

    private static long ExpectedParameters(Wav2Vec2Shape s)
    {
        long c = s.ConvChannels, d = s.Hidden, f = s.FeedForward;
        var conv = (c * 10) + (4 * c * c * 3) + (2 * c * c * 2) + (2 * c);
        var projection = (2 * c) + (c * d) + d;
        var positional = (d * (d / s.PositionalConvGroups) * s.PositionalConvKernel) + d + (2 * d);
        var block = (4 * ((d * d) + d)) + (2 * d) + (d * f) + f + (f * d) + d + (2 * d);
        return conv + projection + positional + (s.Layers * block);
    }
}
