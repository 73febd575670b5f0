using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.TestingHost;
using EmotionGrid.Storage.FileSystem;
using EmotionGrid.Storage.Sqlite;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>
/// A real Orleans cluster of <c>n</c> silos in this process (Orleans' TestingHost), each with its own adapters
/// over one shared bucket folder and SQLite catalog (as separate silo processes on one machine would have),
/// the real grains, and a <see cref="ProbedEmbedder"/> per silo. Membership is tuned to declare a killed
/// silo dead within seconds, as distributed mode does.
/// </summary>
internal sealed class GrainCluster : IAsyncDisposable
{
    private GrainCluster(string root, InProcessTestCluster cluster, EmbedderProbe probe)
    {
        Root = root;
        Cluster = cluster;
        Probe = probe;
        Store = new FileSystemBlobStore(Path.Combine(root, "bucket"));
        Catalog = new SqliteFileCatalog(CatalogPath(root));
        Registry = new SqliteModelRegistry(CatalogPath(root));
    }

    public static readonly TrainingSettings Training = new()
    {
        Emotions = ["calm", "happy", "sad", "angry"],
        MinLabelledFiles = 8,
        Folds = 2,
    };

    public string Root { get; }

    public InProcessTestCluster Cluster { get; }

    public EmbedderProbe Probe { get; }

    public IGrainFactory Client => Cluster.Client;

    public FileSystemBlobStore Store { get; }

    public SqliteFileCatalog Catalog { get; }

    public SqliteModelRegistry Registry { get; }

    private static string CatalogPath(string root) => Path.Combine(root, "catalog.db");

    public static async Task<GrainCluster> StartAsync(short silos = 2, TimeSpan? sweepPeriod = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "emotiongrid-cluster-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        await new SqliteFileCatalog(CatalogPath(root)).InitializeAsync();
        await new SqliteModelRegistry(CatalogPath(root)).InitializeAsync();
        await new SqliteClusterNameStore(CatalogPath(root)).InitializeAsync();
        var probe = new EmbedderProbe();

        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("EmotionGrid"));
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
        });
        builder.ConfigureSiloHost((options, host) =>
        {
            var services = host.Services;
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton<IBlobStore>(new FileSystemBlobStore(Path.Combine(root, "bucket")));
            services.AddSingleton<IFileCatalog>(new SqliteFileCatalog(CatalogPath(root)));
            services.AddSingleton<IModelRegistry>(new SqliteModelRegistry(CatalogPath(root)));
            services.AddSingleton<IClusterNameStore>(new SqliteClusterNameStore(CatalogPath(root)));
            services.AddSingleton<IAudioEmbedder>(new ProbedEmbedder(new LogMelStatisticsEmbedder(), options.SiloName, probe));
            services.AddSingleton<AudioFrontEnd>();
            services.AddSingleton(SegmentOptions.Default);
            services.AddSingleton(Training);
            services.AddGrains(new ProcessingSettings { SweepPeriod = sweepPeriod ?? TimeSpan.FromMinutes(10) });
        });
        builder.ConfigureClient(client => client.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("EmotionGrid")));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainCluster(root, cluster, probe);
    }

    /// <summary>Puts the bytes in <c>incoming/</c> and registers them in the catalog without starting any grain; returns the id.</summary>
    public async Task<string> RegisterAsync(string name, byte[] bytes)
    {
        var key = BlobContainers.Key(BlobContainers.Incoming, name);
        await using (var content = new MemoryStream(bytes))
        {
            await Store.WriteAsync(key, content, overwrite: false);
        }

        var id = GrainWorld.Sha256(bytes);
        var known = Learning.DatasetFileName.TryParse(name, out var label) ? label : null;
        var outcome = await Catalog.RegisterAsync(new NewFile(id, name, key, bytes.Length, known?.Emotion, known?.Speaker));
        Assert.Equal(RegisterResult.Registered, outcome.Result);
        return id;
    }

    /// <summary>Takes a file in as the watcher or an upload does: intake on a silo, which hands it to its grain.</summary>
    public async Task<string> SubmitAsync(string name, byte[] bytes)
    {
        var id = await RegisterAsync(name, bytes);
        await Client.GetGrain<IAudioFileGrain>(id).ProcessAsync();
        return id;
    }

    public async Task<FileRecord> WaitForStatusAsync(string id, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var row = await Catalog.GetAsync(id) ?? throw new InvalidOperationException($"no row for {id}");
            if (row.Status == status)
            {
                return row;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{id} is still '{row.Status}' after {timeout.TotalSeconds} s (wanted '{status}')");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Calls a grain from inside one silo (a stateless worker answers from that silo).</summary>
    public IGrainFactory GrainsOf(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<IGrainFactory>();

    public async ValueTask DisposeAsync()
    {
        Probe.Open();
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        catch (Exception)
        {
            // a killed silo may refuse a graceful stop; the process ends anyway
        }

        await Cluster.DisposeAsync();
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
