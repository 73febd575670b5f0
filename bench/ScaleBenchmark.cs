using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EmotionGrid.Testing;
using Npgsql;

namespace EmotionGrid.Bench;

/// <summary>
/// <c>bench -- scale</c>: the same RAVDESS files through one silo and through two silos of one distributed cluster
/// (real PostgreSQL and Azurite, started here), each silo pinned to one core with <c>taskset</c>; files/s is taken
/// from the catalog's finish times (first to last file), so uploading and start-up do not count. Then the failover
/// time: kill -9 one of two silos mid-batch and time until every file it held is held (or finished) by the other.
/// </summary>
public static class ScaleBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var count = Option(args, "--files", 576);
        var files = Directory.EnumerateFiles(Path.Combine(BenchData.RavdessRoot(args), "16k"), "*.wav", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Take(count).ToList();
        var silo = Path.Combine(BenchData.RepoRoot(), "Silo", "bin", "Release", "net10.0", "EmotionGrid.Silo.dll");
        if (!File.Exists(silo))
        {
            await output.WriteLineAsync("building the silo (Release) …");
            using var build = Process.Start("dotnet", ["build", "-c", "Release", "-v", "q", Path.Combine(BenchData.RepoRoot(), "Silo")]);
            await build.WaitForExitAsync();
        }

        await using var postgres = await PostgresServer.RequireAsync();
        await using var azurite = await AzuriteServer.RequireAsync();
        var cores = Environment.ProcessorCount;
        await output.WriteLineAsync($"scale: {files.Count} RAVDESS 16 kHz files, acoustic embedder, PostgreSQL + Azurite on this machine ({cores} cores; the servers share them)");

        var one = await RunClusterAsync(postgres, azurite, silo, files, siloCount: 1, killAt: null, output);
        var two = await RunClusterAsync(postgres, azurite, silo, files, siloCount: 2, killAt: null, output);
        var failover = await RunClusterAsync(postgres, azurite, silo, files, siloCount: 2, killAt: 0.3, output);

        await output.WriteLineAsync();
        await output.WriteLineAsync($"  1 silo  (core 0)    {one.FilesPerSecond,8:F1} files/s");
        await output.WriteLineAsync($"  2 silos (cores 0,1) {two.FilesPerSecond,8:F1} files/s");
        await output.WriteLineAsync($"  ratio 2/1           {two.FilesPerSecond / one.FilesPerSecond,8:F2}×   (target ≥ 1.8)");
        await output.WriteLineAsync($"  failover after kill -9: {failover.Failover!.Value.TotalSeconds:F1} s until the dead silo's {failover.Orphans} files were held by the survivor (target ≤ 10 s); all {failover.Embedded} files embedded");
        return 0;
    }

    private sealed record Run(double FilesPerSecond, int Embedded, TimeSpan? Failover = null, int Orphans = 0);

    private static async Task<Run> RunClusterAsync(PostgresServer postgres, AzuriteServer azurite, string siloDll, List<string> files, int siloCount, double? killAt, TextWriter output)
    {
        var catalog = await postgres.CreateDatabaseAsync();
        var container = AzuriteServer.NewContainerName("bench");
        var bucket = new BlobContainerClient(azurite.ConnectionString, container, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        await bucket.CreateIfNotExistsAsync();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (path, ct) =>
        {
            await using var content = File.OpenRead(path);
            await bucket.GetBlobClient($"incoming/{Path.GetFileName(path)}").UploadAsync(content, ct);
        });

        var clusterId = $"bench-{Guid.NewGuid():N}"[..20];
        var silos = new List<(Process Process, int SiloPort)>();
        var root = Directory.CreateTempSubdirectory("emotiongrid-scale-").FullName;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, siloCount).Select(i => Task.Run(() =>
            {
                var started = StartSilo(siloDll, Path.Combine(root, $"silo-{i}"), core: i % Environment.ProcessorCount, clusterId, azurite.ConnectionString, container, catalog);
                lock (silos)
                {
                    silos.Add(started);
                }
            })));

            await using var db = new NpgsqlConnection(catalog);
            await db.OpenAsync();
            TimeSpan? failover = null;
            var orphans = 0;
            if (killAt is { } fraction)
            {
                await UntilAsync(db, async () => await EmbeddedAsync(db) >= files.Count * fraction);
                var victim = silos[^1];
                var owner = $"127.0.0.1:{victim.SiloPort.ToString(CultureInfo.InvariantCulture)}@%";
                victim.Process.Kill(entireProcessTree: true);
                var clock = Stopwatch.StartNew();
                orphans = await ScalarAsync(db, "SELECT count(*) FROM files WHERE status = 'processing' AND lease_owner LIKE @owner", owner);
                await UntilAsync(db, async () => await ScalarAsync(db, "SELECT count(*) FROM files WHERE status IN ('processing', 'queued') AND lease_owner LIKE @owner", owner) == 0);
                failover = clock.Elapsed;
            }

            await UntilAsync(db, async () => await EmbeddedAsync(db) >= files.Count);
            await using var span = new NpgsqlCommand("SELECT min(finished_at), max(finished_at), count(*) FROM files WHERE status = 'embedded'", db);
            await using var reader = await span.ExecuteReaderAsync();
            await reader.ReadAsync();
            var seconds = (reader.GetInt64(1) - reader.GetInt64(0)) / 1000.0;
            var embedded = (int)reader.GetInt64(2);
            var rate = (embedded - 1) / seconds;
            await output.WriteLineAsync($"  {siloCount} silo(s){(killAt is null ? "" : ", one killed")}: {embedded} files in {seconds:F1} s → {rate:F1} files/s");
            return new Run(rate, embedded, failover, orphans);
        }
        finally
        {
            foreach (var (process, _) in silos)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static (Process, int) StartSilo(string dll, string dataRoot, int core, string clusterId, string storage, string container, string catalog)
    {
        Directory.CreateDirectory(dataRoot);
        var (api, siloPort, gateway) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
        var info = new ProcessStartInfo("taskset") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", core.ToString(CultureInfo.InvariantCulture), "dotnet", dll, "--urls", $"http://127.0.0.1:{api}" })
        {
            info.ArgumentList.Add(arg);
        }

        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__DataRoot"] = dataRoot,
            ["EmotionGrid__Cluster__Provider"] = "AzureStorage",
            ["EmotionGrid__Cluster__ClusterId"] = clusterId,
            ["EmotionGrid__Cluster__ServiceId"] = clusterId,
            ["EmotionGrid__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["EmotionGrid__Cluster__GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
            ["EmotionGrid__Cluster__Dashboard"] = "false",
            ["EmotionGrid__Storage__Provider"] = "AzureBlob",
            ["EmotionGrid__Storage__ConnectionString"] = storage,
            ["EmotionGrid__Storage__Container"] = container,
            ["EmotionGrid__Storage__ServiceVersion"] = AzuriteServer.ServiceVersion,
            ["EmotionGrid__Catalog__Provider"] = "Postgres",
            ["EmotionGrid__Catalog__ConnectionString"] = catalog,
            ["EmotionGrid__Processing__Concurrency"] = "2",
            ["EmotionGrid__Processing__SweepSeconds"] = "5",
        };
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, siloPort);
    }

    private static async Task<int> EmbeddedAsync(NpgsqlConnection db)
    {
        try
        {
            return await ScalarAsync(db, "SELECT count(*) FROM files WHERE status = 'embedded'", null);
        }
        catch (PostgresException e) when (e.SqlState == "42P01")
        {
            return 0; // no silo has created the schema yet
        }
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection db, string sql, string? owner)
    {
        await using var command = new NpgsqlCommand(sql, db);
        if (owner is not null)
        {
            command.Parameters.AddWithValue("owner", owner);
        }

        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task UntilAsync(NpgsqlConnection db, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the cluster did not finish in 10 minutes");
            }

            await Task.Delay(100);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
