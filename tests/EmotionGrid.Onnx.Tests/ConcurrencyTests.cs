using EmotionGrid.OnnxModels;

namespace EmotionGrid.Onnx.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Eight_threads_on_one_session_get_what_sequential_runs_get()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: true);
        const int clips = 32;
        var inputs = Enumerable.Range(0, clips).Select(i => OnnxTestRuntime.RandomSamples(1_600 + (i * 160), 100 + i)).ToArray();
        float[] RunOne(int i)
        {
            var samples = inputs[i];
            var mask = Enumerable.Repeat(1L, samples.Length).ToArray();
            return session.Run(
            [
                (Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(samples, 1, samples.Length)),
                (Wav2Vec2Model.AttentionMask, OnnxTensor.FromInt64(mask, 1, samples.Length)),
            ])[0].Float32Data.ToArray();
        }

        var sequential = Enumerable.Range(0, clips).Select(RunOne).ToArray();
        var concurrent = new float[clips][];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < 4; round++)
            {
                for (var i = t; i < clips; i += 8)
                {
                    concurrent[i] = RunOne(i);
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        for (var i = 0; i < clips; i++)
        {
            Assert.Equal(sequential[i], concurrent[i]);
        }
    }

    [Fact]
    public async Task Disposing_during_concurrent_runs_lets_them_finish_or_report_disposal()
    {
        var session = OnnxTestRuntime.TinySession(withAttentionMask: false);
        var input = OnnxTestRuntime.RandomSamples(16_000, 9);
        var failures = 0;
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                try
                {
                    session.Run([(Wav2Vec2Model.InputValues, OnnxTensor.FromFloat32(input, 1, input.Length))]);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref failures);
                    return;
                }
            }
        })).ToArray();

        await Task.Delay(50);
        session.Dispose();
        await Task.WhenAll(tasks);

        Assert.InRange(failures, 0, 4);
    }
}
