using System.Net.Http.Json;
using EmotionGrid.Contracts.Files;
using EmotionGrid.OnnxModels;
using EmotionGrid.Storage.Vectors;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// The silo with <c>Embedding:Embedder=wav2vec2</c> on a Wav2Vec2-shaped ONNX model the test generates
/// (no weights can be downloaded): real files end to end, the provider choice logged with its reason,
/// and clear refusals at start.
/// </summary>
public sealed class Wav2Vec2SiloTests
{
    [Fact]
    public async Task Real_files_embed_end_to_end_with_wav2vec2_on_onnx_runtime()
    {
        using var root = new TempDataRoot();
        var model = Path.Combine(root.Path, "tiny-wav2vec2.onnx");
        Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, seed: 11, withAttentionMask: true).WriteTo(model);
        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__Embedding__Wav2Vec2__ModelPath"] = model, // "auto" picks Wav2Vec2 when a model is set
            ["EmotionGrid__Onnx__IntraOpThreads"] = "1",
        };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync();

        var sources = TestData.RavdessFiles("48k/Actor_01").Take(8).ToArray();
        foreach (var source in sources)
        {
            File.Copy(source, Path.Combine(root.Folder("incoming"), Path.GetFileName(source)));
        }

        await File.WriteAllBytesAsync(Path.Combine(root.Folder("incoming"), "long.wav"), SineWav.Wav16(220, seconds: 25));
        var settled = await silo.WaitForSettledAsync(sources.Length + 1, TimeSpan.FromMinutes(3));
        Assert.Equal(sources.Length + 1, settled.ByStatus[FileStatus.Embedded]);
        Assert.Matches("^wav2vec2-[0-9a-f]{12}$", settled.Embedder);

        foreach (var file in (await silo.FilesAsync()).Items)
        {
            var (vector, shape) = NpyFormat.Read(new MemoryStream(await silo.Client.GetByteArrayAsync($"/api/files/{file.Id}/vector")));
            Assert.Equal([32], shape);
            Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        }

        var longFile = (await silo.FilesAsync("q=long.wav")).Items.Single();
        var detail = (await silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{longFile.Id}"))!;
        Assert.Equal(3, detail.Segments.Count);

        // The log and /api/status say which ORT build and provider run and why (the CPU package here: CPU, with ORT's
        // reason), and the batching CPU gets by default: one clip per run (batching did not pay on CPU).
        Assert.Contains($"Embedder {settled.Embedder}: 32-d Wav2Vec2", silo.Output);
        Assert.Contains("CUDA unavailable", silo.Output);
        var runtime = settled.EmbedderRuntime!;
        Assert.Equal("cpu", runtime.ExecutionProvider);
        Assert.StartsWith("CUDA unavailable: ", runtime.ProviderReason, StringComparison.Ordinal);
        Assert.StartsWith("1.31.", runtime.OnnxRuntime, StringComparison.Ordinal);
        Assert.Equal("float32", runtime.Precision);
        Assert.Equal(1, runtime.MaxBatch);
        Assert.Equal(runtime.Runs, runtime.Clips);
        Assert.True(runtime.Clips >= sources.Length + 3, $"{runtime.Clips} clips embedded");
    }

    [Fact]
    public async Task Clips_of_concurrent_files_share_runs_and_get_the_vectors_they_get_alone()
    {
        using var root = new TempDataRoot();
        var model = Path.Combine(root.Path, "tiny-wav2vec2.onnx");
        Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, seed: 11, withAttentionMask: true).WriteTo(model);
        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__Embedding__Wav2Vec2__ModelPath"] = model,
            ["EmotionGrid__Embedding__Wav2Vec2__MaxBatch"] = "8",
            ["EmotionGrid__Embedding__Wav2Vec2__MaxWaitMilliseconds"] = "300", // long enough for a burst of files to meet
            ["EmotionGrid__Onnx__IntraOpThreads"] = "1",
            ["EmotionGrid__Onnx__ExecutionProvider"] = "cpu",
        };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync();
        var sources = TestData.RavdessFiles("16k/Actor_02").Take(12).ToArray();
        var staging = Directory.CreateDirectory(Path.Combine(root.Path, "staging")).FullName;
        foreach (var source in sources)
        {
            File.Copy(source, Path.Combine(staging, Path.GetFileName(source)));
        }

        foreach (var source in sources)
        {
            File.Move(Path.Combine(staging, Path.GetFileName(source)), Path.Combine(root.Folder("incoming"), Path.GetFileName(source)));
        }

        var settled = await silo.WaitForSettledAsync(sources.Length, TimeSpan.FromMinutes(3));
        Assert.Equal(sources.Length, settled.ByStatus[FileStatus.Embedded]);
        var runtime = settled.EmbedderRuntime!;
        Assert.Equal(8, runtime.MaxBatch);
        Assert.Equal(sources.Length, runtime.Clips);
        Assert.True(runtime.Runs < runtime.Clips, $"{runtime.Clips} clips in {runtime.Runs} runs: no run held clips of two files");
        Assert.InRange(runtime.PaddingFraction!.Value, 0, 0.5);

        // Each file's vector equals that file embedded alone, in this process, with the same model (relative L2 < 1e-4).
        using var alone = new EmotionGrid.Onnx.Wav2Vec2.Wav2Vec2Embedder(new EmotionGrid.Onnx.Wav2Vec2.Wav2Vec2Options { ModelPath = model },
            new EmotionGrid.Onnx.OnnxSessionOptions { ExecutionProvider = EmotionGrid.Onnx.OnnxExecutionProvider.Cpu, IntraOpThreads = 1 });
        var frontEnd = new EmotionGrid.Audio.AudioFrontEnd();
        foreach (var file in (await silo.FilesAsync()).Items)
        {
            var source = sources.Single(s => Path.GetFileName(s) == file.Name);
            var expected = alone.Embed(frontEnd.Prepare(File.OpenRead(source)).Samples);
            var (vector, _) = NpyFormat.Read(new MemoryStream(await silo.Client.GetByteArrayAsync($"/api/files/{file.Id}/vector")));
            var error = RelativeL2(vector, expected);
            Assert.True(error < 1e-4, $"{file.Name}: relative L2 {error:E2} between the batched vector and the vector alone");
        }
    }

    [Fact]
    public async Task A_missing_model_stops_the_silo_with_the_setting_to_fix()
    {
        using var root = new TempDataRoot();
        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__Embedding__Embedder"] = "wav2vec2",
            ["EmotionGrid__Embedding__Wav2Vec2__ModelPath"] = Path.Combine(root.Path, "missing.onnx"),
        };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync(waitReady: false);

        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Task.Delay(200);
        Assert.Contains("the wav2vec2 embedder cannot start", silo.Output);
        Assert.Contains("EmotionGrid:Embedding:Wav2Vec2:ModelPath", silo.Output);
    }

    [Fact]
    public async Task Requiring_cuda_where_it_cannot_load_stops_the_silo_with_onnx_runtimes_reason()
    {
        using var root = new TempDataRoot();
        var model = Path.Combine(root.Path, "tiny.onnx");
        Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, seed: 11, withAttentionMask: false).WriteTo(model);
        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__Embedding__Embedder"] = "wav2vec2",
            ["EmotionGrid__Embedding__Wav2Vec2__ModelPath"] = model,
            ["EmotionGrid__Onnx__ExecutionProvider"] = "cuda",
        };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync(waitReady: false);

        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Task.Delay(200);
        Assert.Contains("the wav2vec2 embedder cannot start", silo.Output);
        Assert.Contains("CUDA device 0 cannot be used", silo.Output);
        Assert.Contains("CUDA execution provider is not enabled in this build", silo.Output);
        Assert.Contains("-p:OnnxRuntimeFlavor=Cuda", silo.Output);
    }

    [Fact]
    public async Task The_retired_library_path_setting_is_refused_with_what_replaced_it()
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path, new Dictionary<string, string> { ["EmotionGrid__Onnx__LibraryPath"] = "/opt/ort/libonnxruntime.so.1" });
        await silo.StartAsync(waitReady: false);

        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Task.Delay(200);
        Assert.Contains("EmotionGrid:Onnx:LibraryPath is no longer used", silo.Output);
    }

    private static double RelativeL2(float[] actual, float[] expected)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += Math.Pow(actual[i] - expected[i], 2);
            norm += Math.Pow(expected[i], 2);
        }

        return Math.Sqrt(difference / norm);
    }
}
