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
        await output.WriteLineAsync($"  failover after kill -9: declared dead after {Seconds(failover.Detection)}, its work re-driven to the survivor after {Seconds(failover.Redriven)} (target ≤ 10 s);");
        await output.WriteLineAsync($"    its {failover.Orphans} in-flight files held by the survivor after {Seconds(failover.Failover)} (includes their wait in the survivor's queue); all {failover.Embedded} files embedded");
        return 0;
    }

    private sealed record Run(double FilesPerSecond, int Embedded, TimeSpan? Failover = null, int Orphans = 0, TimeSpan? Detection = null, TimeSpan? Redriven = null);

    private static async Task<Run> RunClusterAsync(PostgresServer postgres, AzuriteServer azurite, string siloDll, List<string> files, int siloCount, double? killAt, TextWriter output)
    {
        var catalog = await postgres.CreateDatabaseAsync();
        var container = AzuriteServer.NewContainerName("bench");
        var bucket = new BlobContainerClient(azurite.ConnectionString, container, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        await bucket.CreateIfNotExistsAsync();
        var clusterId = $"bench-{Guid.NewGuid():N}"[..20];
        var silos = new List<(Process Process, int SiloPort, int ApiPort)>();
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

            // Every silo must have joined before the files arrive: the lister places each file's grain among the
            // silos it knows at that moment.
            await WaitForMembersAsync(silos.Select(s => s.ApiPort).ToList(), siloCount);
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (path, ct) =>
            {
                await using var content = File.OpenRead(path);
                await bucket.GetBlobClient($"incoming/{Path.GetFileName(path)}").UploadAsync(content, ct);
            });

            await using var db = new NpgsqlConnection(catalog);
            await db.OpenAsync();
            Process? killed = null;
            async Task<int> EmbeddedOrThrowAsync()
            {
                if (silos.FirstOrDefault(s => s.Process != killed && s.Process.HasExited) is { Process: { } dead })
                {
                    throw new InvalidOperationException($"a silo exited with code {dead.ExitCode.ToString(CultureInfo.InvariantCulture)}; is Silo/bin/Release up to date (dotnet build -c Release Silo)?");
                }

                return await EmbeddedAsync(db);
            }

            TimeSpan? failover = null, detection = null, redriven = null;
            var orphans = 0;
            if (killAt is { } fraction)
            {
                await UntilAsync(db, async () => await EmbeddedOrThrowAsync() >= files.Count * fraction);
                // The victim is the silo holding the most files right now: its in-flight work is what must fail over.
                var holding = new Dictionary<int, int>();
                foreach (var candidate in silos)
                {
                    holding[candidate.SiloPort] = await ScalarAsync(db, "SELECT count(*) FROM files WHERE status = 'processing' AND lease_owner LIKE @owner", Owner(candidate.SiloPort));
                }

                var victim = silos.MaxBy(s => holding[s.SiloPort]);
                killed = victim.Process;
                var owner = Owner(victim.SiloPort);
                (_declaredDead, _swept) = (null, null);
                victim.Process.Kill(entireProcessTree: true);
                var killedAt = Clock.Elapsed;
                var clock = Stopwatch.StartNew();
                orphans = await ScalarAsync(db, "SELECT count(*) FROM files WHERE status = 'processing' AND lease_owner LIKE @owner", owner);
                await UntilAsync(db, async () => await ScalarAsync(db, "SELECT count(*) FROM files WHERE status IN ('processing', 'queued') AND lease_owner LIKE @owner", owner) == 0);
                failover = clock.Elapsed;
                detection = _declaredDead - killedAt;
                redriven = _swept - killedAt;
            }

            await UntilAsync(db, async () => await EmbeddedOrThrowAsync() >= files.Count);
            await using var span = new NpgsqlCommand("SELECT min(finished_at), max(finished_at), count(*) FROM files WHERE status = 'embedded'", db);
            await using var reader = await span.ExecuteReaderAsync();
            await reader.ReadAsync();
            var seconds = (reader.GetInt64(1) - reader.GetInt64(0)) / 1000.0;
            var embedded = (int)reader.GetInt64(2);
            var rate = (embedded - 1) / seconds;
            await reader.CloseAsync();
            var shares = new List<string>();
            foreach (var silo in silos)
            {
                shares.Add((await ScalarAsync(db, "SELECT count(*) FROM files WHERE status = 'embedded' AND lease_owner LIKE @owner", Owner(silo.SiloPort))).ToString(CultureInfo.InvariantCulture));
            }

            await output.WriteLineAsync($"  {siloCount} silo(s){(killAt is null ? "" : ", one killed")}: {embedded} files in {seconds:F1} s → {rate:F1} files/s (files per silo: {string.Join(" + ", shares)})");
            return new Run(rate, embedded, failover, orphans, detection, redriven);
        }
        finally
        {
            foreach (var (process, _, _) in silos)
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

    /// <summary>When a survivor first logged that a silo was declared dead, and that its failover sweep ran (bench clock).</summary>
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static TimeSpan? _declaredDead;
    private static TimeSpan? _swept;

    private static void Notice(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("declared dead", StringComparison.Ordinal))
        {
            _declaredDead ??= Clock.Elapsed;
        }
        else if (line.Contains("Failover sweep re-drove", StringComparison.Ordinal))
        {
            _swept ??= Clock.Elapsed;
        }
    }

    /// <summary>Lease owners are silo addresses, <c>127.0.0.1:port@generation</c>.</summary>
    private static string Owner(int siloPort) => $"127.0.0.1:{siloPort.ToString(CultureInfo.InvariantCulture)}@%";

    private static async Task WaitForMembersAsync(List<int> apiPorts, int members)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        foreach (var port in apiPorts)
        {
            while (true)
            {
                try
                {
                    using var ready = await http.GetAsync($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/readyz");
                    if (ready.IsSuccessStatusCode && (await ready.Content.ReadAsStringAsync()).Contains($"{members} active silo(s)", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the silo on port {port} did not see {members} active silo(s) within 2 minutes");
                }

                await Task.Delay(200);
            }
        }
    }

    private static (Process, int, int) StartSilo(string dll, string dataRoot, int core, string clusterId, string storage, string container, string catalog)
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
        process.OutputDataReceived += (_, e) => Notice(e.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, siloPort, api);
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

    private static string Seconds(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:F1} s" : "(not seen)";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
