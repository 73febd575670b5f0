using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace EmotionGrid.Testing;

/// <summary>
/// A real Azurite (the Azure Storage emulator, a Node program) on free loopback ports with its data in a temp
/// folder. Found through <c>EMOTIONGRID_AZURITE</c>, then <c>azurite</c> on PATH, then the copy that <c>.ci/run</c>
/// installs under <c>${XDG_CACHE_HOME:-~/.cache}/emotiongrid/azurite</c>. It is stopped on dispose, at process
/// exit, and by a watchdog when the test process dies without either.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known development key (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The newest REST API version Azurite 3.37 accepts (the SDK's default is newer).</summary>
    public const string ServiceVersion = "2026-06-06";

    private const string NotInstalled =
        "Azurite is not installed: set EMOTIONGRID_AZURITE to its executable, put 'azurite' on PATH, or " +
        "`npm install --prefix ${XDG_CACHE_HOME:-$HOME/.cache}/emotiongrid/azurite azurite@3.37.0`";

    private static readonly ConcurrentDictionary<AzuriteServer, byte> Running = new();
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static AzuriteServer? _shared;
    private readonly string _executable;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    private Process? _watchdog;

    static AzuriteServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var server in Running.Keys)
        {
            server.KillNow();
            server.DeleteLocation();
        }
    };

    private AzuriteServer(string executable)
    {
        _executable = executable;
        Location = Directory.CreateTempSubdirectory("emotiongrid-azurite-").FullName;
        (BlobPort, QueuePort, TablePort) = (SiloProcess.FreePort(), SiloProcess.FreePort(), SiloProcess.FreePort());
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Azurite's data folder; it survives <see cref="StopAsync"/> so a restart finds the data again.</summary>
    public string Location { get; }

    public string BlobEndpoint => $"http://127.0.0.1:{BlobPort}/{AccountName}";

    public string TableEndpoint => $"http://127.0.0.1:{TablePort}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint={TableEndpoint};";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What Azurite printed (errors and start-up lines; request logs are off).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The azurite executable, or null when none is installed.</summary>
    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("EMOTIONGRID_AZURITE") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var installed = Path.Combine(cache, "emotiongrid", "azurite", "node_modules", ".bin", "azurite");
        return File.Exists(installed) ? installed : null;
    }

    /// <summary>A new, running Azurite of its own, or null when Azurite is not installed.</summary>
    public static async Task<AzuriteServer?> TryStartAsync()
    {
        if (FindExecutable() is not { } executable)
        {
            return null;
        }

        return await ServerStart.WithFreshPortsAsync(() => new AzuriteServer(executable), server => server.StartProcessAsync());
    }

    /// <summary>A running Azurite of the test's own; the test is skipped (or fails under EMOTIONGRID_REQUIRE_ALL=1) when none is installed.</summary>
    public static async Task<AzuriteServer> RequireAsync()
    {
        var server = await TryStartAsync();
        if (server is null)
        {
            Requirement.Unmet(Environment.GetEnvironmentVariable("EMOTIONGRID_AZURITE") is { Length: > 0 } configured
                ? $"Azurite is not installed: EMOTIONGRID_AZURITE={configured} does not exist"
                : NotInstalled);
        }

        return server!;
    }

    /// <summary>
    /// One Azurite for the whole test assembly, started on first use and stopped at process exit: tests share it
    /// and isolate themselves with a fresh container each. Never stop it from a test (use <see cref="RequireAsync"/>).
    /// </summary>
    public static async Task<AzuriteServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is not { IsRunning: true })
            {
                _shared = await RequireAsync();
            }

            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>A container name no other test uses (Azure's rules: lower-case letters, digits and dashes).</summary>
    public static string NewContainerName(string prefix = "t") =>
        $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];

    /// <summary>SIGTERM, so Azurite saves its metadata and the data is there after <see cref="StartAgainAsync"/>; SIGKILL after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
                // Still closing (held connections): a kill loses at most Azurite's last 5 s of metadata autosave.
            }
        }

        await KillAsync();
    }

    /// <summary>SIGKILL of the whole process tree: a crash. Blobs written in the last few seconds may be forgotten.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        KillNow();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        Running.TryRemove(this, out _);
    }

    /// <summary>Starts Azurite again on the same ports and data folder, after <see cref="StopAsync"/> or <see cref="KillAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is still running");
        }

        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _watchdog?.Dispose();
        DeleteLocation();
    }

    private async Task StartProcessAsync()
    {
        _output.Clear();
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments())
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {_executable}");
        Running[this] = 0;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue("ERR " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        StartWatchdog(_process.Id);
        try
        {
            await WaitForPortsAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await KillAsync();
            throw;
        }
    }

    private IEnumerable<string> Arguments()
    {
        string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", Port(BlobPort), "--queuePort", Port(QueuePort), "--tablePort", Port(TablePort),
            "--location", Location, "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        ];
    }

    /// <summary>Ready when the blob and table ports accept connections (2–4 s); an early exit is a failed start.</summary>
    private async Task WaitForPortsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!(await AcceptsAsync(BlobPort) && await AcceptsAsync(TablePort)))
        {
            if (_process is not { HasExited: false })
            {
                await Task.Delay(200); // let the last output lines arrive
                throw new InvalidOperationException($"Azurite exited during start-up:\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Azurite did not open ports {BlobPort}/{TablePort} within {timeout.TotalSeconds:F0} s:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A shell loop that kills Azurite once this process is gone: ProcessExit does not run when the test host is
    /// killed, and a stray Node process would hold its ports and keep running. It ends with Azurite.
    /// </summary>
    private void StartWatchdog(int azuritePid)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var parent = Environment.ProcessId;
        var location = Location.Replace("'", "'\\''", StringComparison.Ordinal);
        var script = $"while kill -0 {parent} 2>/dev/null && kill -0 {azuritePid} 2>/dev/null; do sleep 1; done; " +
            $"kill -0 {parent} 2>/dev/null || {{ kill -9 {azuritePid} 2>/dev/null; sleep 1; rm -rf '{location}'; }}";
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        _watchdog?.Dispose();
        _watchdog = Process.Start(info);
    }

    private void DeleteLocation()
    {
        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or a file still held open: the OS cleans its temp folder in time.
        }
    }

    private void KillNow()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
