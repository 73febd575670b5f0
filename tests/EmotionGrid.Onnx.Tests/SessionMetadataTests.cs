using EmotionGrid.OnnxModels;

namespace EmotionGrid.Onnx.Tests;

public sealed class SessionMetadataTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inputs_and_outputs_are_discovered_with_dynamic_axes(bool withAttentionMask)
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask);

        var inputValues = session.Inputs[0];
        Assert.Equal(Wav2Vec2Model.InputValues, inputValues.Name);
        Assert.True(inputValues.IsTensor);
        Assert.Equal(OnnxElementType.Float32, inputValues.ElementType);
        Assert.Equal([-1L, -1L], inputValues.Shape);
        Assert.Equal(["batch", "samples"], inputValues.DimensionNames);
        if (withAttentionMask)
        {
            Assert.Equal(2, session.Inputs.Count);
            var mask = session.Inputs[1];
            Assert.Equal(Wav2Vec2Model.AttentionMask, mask.Name);
            Assert.Equal(OnnxElementType.Int64, mask.ElementType);
            Assert.Equal(2, mask.Rank);
        }
        else
        {
            Assert.Single(session.Inputs);
        }

        var output = Assert.Single(session.Outputs);
        Assert.Equal(Wav2Vec2Model.LastHiddenState, output.Name);
        Assert.Equal(OnnxElementType.Float32, output.ElementType);
        Assert.Equal(3, output.Rank);
        Assert.Equal(-1, output.Shape[0]);
        Assert.Equal(-1, output.Shape[1]);
        Assert.Equal(Wav2Vec2Shape.Tiny.Hidden, output.Shape[2]);
        Assert.Equal(["batch", "frames", ""], output.DimensionNames);
        Assert.Equal("last_hidden_state: Float32[batch, frames, 32]", output.ToString());
    }

    [Fact]
    public void A_session_can_be_created_from_a_file_path()
    {
        var runtime = OnnxTestRuntime.Require();
        var path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.onnx");
        OnnxTestRuntime.Tiny(withAttentionMask: false).WriteTo(path);
        try
        {
            using var session = runtime.CreateSession(path, new OnnxSessionOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 });

            Assert.Equal(Wav2Vec2Model.LastHiddenState, session.Outputs[0].Name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
