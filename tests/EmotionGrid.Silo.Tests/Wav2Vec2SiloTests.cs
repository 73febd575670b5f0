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

        // The log says which provider runs and why (no CUDA provider libraries here: CPU, with ORT's reason).
        Assert.Contains($"Embedder {settled.Embedder}: 32-d Wav2Vec2", silo.Output);
        Assert.Contains("CUDA unavailable", silo.Output);
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
        Assert.Contains("providers_shared", silo.Output);
    }
}
