using EmotionGrid.Audio;
using EmotionGrid.Silo.Api;
using EmotionGrid.Silo.Hosting;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// The silo in-process (the only way to hold a grain inside its embedder): with Processing:Concurrency=2,
/// two files are inside the embedder at once: the grains hand their model runs to the silo's bounded pool
/// instead of running them on their own turn (a bus receive loop once held the second file back this way).
/// </summary>
public sealed class ConcurrentProcessingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_concurrency_two_two_files_are_in_the_embedder_at_the_same_time()
    {
        using var root = new TempDataRoot();
        var embedder = new RendezvousEmbedder(parties: 2, patience: TimeSpan.FromSeconds(15));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EmotionGrid:DataRoot"] = root.Path,
            ["EmotionGrid:Embedding:Embedder"] = "acoustic",
            ["EmotionGrid:Processing:Concurrency"] = "2",
            ["EmotionGrid:Watcher:StableMilliseconds"] = "100",
            ["EmotionGrid:Watcher:RescanSeconds"] = "0.5",
            ["EmotionGrid:Cluster:SiloPort"] = SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EmotionGrid:Cluster:GatewayPort"] = SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddEmotionGridSilo();
        builder.Services.AddSingleton<IAudioEmbedder>(embedder); // replaces the configured one
        await using var app = builder.Build();
        app.MapEmotionGridApi();
        await app.StartAsync(Ct);

        await File.WriteAllBytesAsync(Path.Combine(root.Folder("incoming"), "first.wav"), SineWav.Wav16(440, seconds: 1), Ct);
        await File.WriteAllBytesAsync(Path.Combine(root.Folder("incoming"), "second.wav"), SineWav.Wav16(660, seconds: 1), Ct);

        var catalog = app.Services.GetRequiredService<IFileCatalogQueries>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await catalog.CountByStatusAsync(Ct)).GetValueOrDefault("embedded") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the two files were not embedded within a minute");
            await Task.Delay(50, Ct);
        }

        Assert.Equal(2, embedder.Calls);
        Assert.Equal(2, embedder.MostInsideAtOnce);
        await app.StopAsync(Ct);
    }

    /// <summary>Each call waits (up to its patience) until <c>parties</c> calls are inside at once.</summary>
    private sealed class RendezvousEmbedder(int parties, TimeSpan patience) : IAudioEmbedder
    {
        private readonly object _gate = new();
        private int _inside;

        public string Id => "rendezvous-test";

        public int Dimension => 2;

        public int Calls { get; private set; }

        public int MostInsideAtOnce { get; private set; }

        public float[] Embed(ReadOnlySpan<float> samples16kMono)
        {
            var energy = 0f;
            foreach (var x in samples16kMono)
            {
                energy += x * x;
            }

            lock (_gate)
            {
                Calls++;
                _inside++;
                MostInsideAtOnce = Math.Max(MostInsideAtOnce, _inside);
                Monitor.PulseAll(_gate);
                var until = DateTime.UtcNow + patience;
                while (_inside < parties && MostInsideAtOnce < parties && DateTime.UtcNow < until)
                {
                    Monitor.Wait(_gate, until - DateTime.UtcNow);
                }

                _inside--;
            }

            return [energy / Math.Max(1, samples16kMono.Length), samples16kMono.Length];
        }
    }
}
