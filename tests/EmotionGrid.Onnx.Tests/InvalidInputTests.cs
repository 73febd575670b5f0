using EmotionGrid.OnnxModels;

namespace EmotionGrid.Onnx.Tests;

/// <summary>Everything wrong is an exception with ORT's own words, never a crash.</summary>
public sealed class InvalidInputTests
{
    private static readonly OnnxSessionOptions Cpu = new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 };

    [Fact]
    public void A_nonexistent_model_path_names_the_file()
    {
        var runtime = OnnxTestRuntime.Require();
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<OnnxRuntimeException>(() => runtime.CreateSession(path, Cpu));

        Assert.Equal(OnnxErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        OnnxTestRuntime.Report(error.Message);
    }

    [Fact]
    public void A_broken_model_file_is_an_invalid_protobuf()
    {
        var runtime = OnnxTestRuntime.Require();
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, OnnxTestRuntime.TinyBytes(false).AsSpan(0, 5_000).ToArray());
        try
        {
            var error = Assert.Throws<OnnxRuntimeException>(() => runtime.CreateSession(path, Cpu));

            Assert.Equal(OnnxErrorCode.InvalidProtobuf, error.ErrorCode);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            OnnxTestRuntime.Report(error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Garbage_bytes_are_rejected()
    {
        var runtime = OnnxTestRuntime.Require();

        var error = Assert.Throws<OnnxRuntimeException>(() => runtime.CreateSession("not a model at all"u8.ToArray(), Cpu));

        Assert.Equal(OnnxErrorCode.InvalidProtobuf, error.ErrorCode);
    }

    [Fact]
    public void A_wrong_input_name_is_named()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([("audio", OnnxTensor.FromFloat32(new float[1600], 1, 1600))]));

        Assert.Equal(OnnxErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("audio", error.OrtMessage, StringComparison.Ordinal);
        OnnxTestRuntime.Report(error.Message);
    }

    [Fact]
    public void A_wrong_rank_is_rejected()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1, 1600))]));

        Assert.Equal(OnnxErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("input_values", error.OrtMessage, StringComparison.Ordinal);
        OnnxTestRuntime.Report(error.Message);
    }

    [Fact]
    public void Too_few_samples_for_one_frame_fail_in_the_graph_not_the_process()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[100], 1, 100))]));

        OnnxTestRuntime.Report(error.Message);
    }

    [Fact]
    public void A_wrong_element_type_is_rejected()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: true);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(
        [
            (Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1600)),
            (Wav2Vec2Model.AttentionMask, OnnxTensor.FromFloat32(new float[1600], 1, 1600)),
        ]));

        Assert.Equal(OnnxErrorCode.InvalidArgument, error.ErrorCode);
        OnnxTestRuntime.Report(error.Message);
    }

    [Fact]
    public void A_missing_input_is_rejected()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: true);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1600))]));

        Assert.Contains("attention_mask", error.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_output_name_is_rejected()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1600))], ["pooled"]));

        Assert.Contains("pooled", error.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_that_does_not_match_the_data_is_caught_before_ORT()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxTensor.FromFloat32(new float[1600], 2, 1600));

        Assert.Contains("3200 elements but the data has 1600", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OnnxTensor.FromInt64(new long[4], -2, -2));
    }

    [Fact]
    public void The_session_still_works_after_errors()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);
        for (var i = 0; i < 20; i++)
        {
            Assert.Throws<OnnxRuntimeException>(() => session.Run([("nope", OnnxTensor.FromFloat32(new float[1600], 1, 1600))]));
        }

        var output = session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1600))]);
        Assert.Equal([1L, 4, 32], output[0].Shape);
    }

    [Fact]
    public void Run_after_dispose_throws_ObjectDisposedException()
    {
        var session = OnnxTestRuntime.TinySession(withAttentionMask: false);
        session.Dispose();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1600))]));
    }

    [Fact]
    public void A_cancelled_token_stops_the_run()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1600))], null, cancelled.Token));
    }

    [Fact]
    public void Cancelling_during_a_long_run_stops_it()
    {
        // ~60 s of audio: the Tiny model's attention over 3 000 frames takes a while on one thread.
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false);
        var input = OnnxTestRuntime.RandomSamples(16_000 * 60, 3);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        try
        {
            session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(input, 1, input.Length))], null, cancellation.Token);
            OnnxTestRuntime.Report($"finished before the cancel took effect ({stopwatch.ElapsedMilliseconds} ms)");
        }
        catch (OperationCanceledException)
        {
            OnnxTestRuntime.Report($"cancelled after {stopwatch.ElapsedMilliseconds} ms");
        }

        // Either way the session is fine afterwards.
        Assert.Equal([1L, 4, 32], session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(new float[1600], 1, 1600))])[0].Shape);
    }
}
