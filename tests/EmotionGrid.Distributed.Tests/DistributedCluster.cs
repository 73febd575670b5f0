using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EmotionGrid.Testing;
using Npgsql;

namespace EmotionGrid.Distributed.Tests;

/// <summary>
/// Distributed mode on one machine: a real PostgreSQL and a real Azurite of the test's own, and silo processes
/// configured as a deployment would be (Azure Table membership, Azure Blob bucket, PostgreSQL catalog). The test
/// looks at the bucket and the catalog directly (Azure SDK, Npgsql), not only through a silo's API.
/// </summary>
internal sealed class DistributedCluster : IAsyncDisposable
{
    private readonly List<TempDataRoot> _roots = [];
    private IDisposable? _machine;

    private DistributedCluster(PostgresServer postgres, AzuriteServer azurite, string catalog)
    {
        Postgres = postgres;
        Azurite = azurite;
        CatalogConnectionString = catalog;
        var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        Bucket = new BlobContainerClient(azurite.ConnectionString, Container, options);
    }

    public PostgresServer Postgres { get; }

    public AzuriteServer Azurite { get; }

    public string CatalogConnectionString { get; }

    public string Container { get; } = AzuriteServer.NewContainerName("eg");

    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}"[..20];

    public BlobContainerClient Bucket { get; }

    public List<SiloProcess> Silos { get; } = [];

    /// <summary>Settings every silo of this cluster gets; a test may add to them before starting silos.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["EmotionGrid__Cluster__Provider"] = "AzureStorage",
        ["EmotionGrid__Cluster__ClusterId"] = ClusterId,
        ["EmotionGrid__Cluster__ServiceId"] = ClusterId,
        ["EmotionGrid__Cluster__Dashboard"] = "false",
        ["EmotionGrid__Storage__Provider"] = "AzureBlob",
        ["EmotionGrid__Storage__ConnectionString"] = Azurite.ConnectionString,
        ["EmotionGrid__Storage__Container"] = Container,
        ["EmotionGrid__Storage__ServiceVersion"] = AzuriteServer.ServiceVersion,
        ["EmotionGrid__Catalog__Provider"] = "Postgres",
        ["EmotionGrid__Catalog__ConnectionString"] = CatalogConnectionString,
        ["EmotionGrid__Processing__SweepSeconds"] = "5",
        ["EmotionGrid__Processing__LeaseSeconds"] = "10",
    };

    public static async Task<DistributedCluster> StartAsync()
    {
        TestData.RequireRavdess();
        var machine = await MachineLoadLock.AcquireAsync(TimeSpan.FromMinutes(20)); // these tests load every core
        var postgres = await PostgresServer.RequireAsync();
        var azurite = await AzuriteServer.RequireAsync();
        return new DistributedCluster(postgres, azurite, await postgres.CreateDatabaseAsync()) { _machine = machine };
    }

    /// <summary>A silo of this cluster (not started); <paramref name="extra"/> adds or overrides settings.</summary>
    public SiloProcess NewSilo(IDictionary<string, string>? extra = null)
    {
        var root = new TempDataRoot();
        _roots.Add(root);
        var settings = Settings;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var silo = new SiloProcess(root.Path, settings);
        Silos.Add(silo);
        return silo;
    }

    /// <summary>Starts <paramref name="count"/> silos one after the other (the first creates the schema and container).</summary>
    public async Task<SiloProcess[]> StartSilosAsync(int count, IDictionary<string, string>? extra = null)
    {
        var started = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
        {
            var silo = NewSilo(extra);
            await silo.StartAsync();
            started.Add(silo);
        }

        return [.. started];
    }

    /// <summary>Drops real files into the watched bucket, as a user's upload tool would.</summary>
    public async Task UploadAsync(IEnumerable<string> paths)
    {
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (path, ct) =>
        {
            await using var content = File.OpenRead(path);
            await Bucket.GetBlobClient($"incoming/{Path.GetFileName(path)}").UploadAsync(content, cancellationToken: ct);
        });
    }

    public async Task<List<string>> BlobNamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Bucket.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>Catalog rows by status, read from PostgreSQL directly.</summary>
    public async Task<Dictionary<string, int>> CountByStatusAsync()
    {
        await using var connection = new NpgsqlConnection(CatalogConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, count(*) FROM files GROUP BY status", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = (int)reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Every catalog row: (id, name, status, lease owner, vector blob, attempts).</summary>
    public async Task<List<(string Id, string Name, string Status, string? Owner, string? VectorBlob, int Attempts)>> RowsAsync()
    {
        await using var connection = new NpgsqlConnection(CatalogConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, name, status, lease_owner, vector_blob, attempts FROM files ORDER BY name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string, string?, string?, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), (int)reader.GetInt64(5)));
        }

        return rows;
    }

    /// <summary>Polls the catalog until <paramref name="count"/> rows are embedded; throws with the silos' output on timeout.</summary>
    public async Task WaitForEmbeddedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Dictionary<string, int> last = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await CountByStatusAsync();
                if (last.GetValueOrDefault("embedded") >= count)
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // the test may have PostgreSQL down on purpose
            }

            await Task.Delay(250);
        }

        var state = string.Join(", ", last.Select(kv => $"{kv.Key}={kv.Value}"));
        throw new TimeoutException($"{count} embedded files not reached in {timeout.TotalSeconds:F0} s ({state});\n{Tail()}");
    }

    /// <summary>The end of every silo's output, for failure messages.</summary>
    public string Tail(int perSilo = 3000) =>
        string.Join("\n", Silos.Select((s, i) => $"--- silo {i} (exit {s.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}) ---\n{(s.Output.Length > perSilo ? s.Output[^perSilo..] : s.Output)}"));

    /// <summary>The Orleans silo port a silo was given: lease owners are <c>127.0.0.1:port@generation</c>.</summary>
    public static string SiloPort(SiloProcess silo) => silo.Settings["EmotionGrid__Cluster__SiloPort"];

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await Azurite.DisposeAsync();
        await Postgres.DisposeAsync();
        foreach (var root in _roots)
        {
            root.Dispose();
        }

        _machine?.Dispose();
    }
}
