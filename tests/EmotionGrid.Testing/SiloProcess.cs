using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Models;
using Xunit;


namespace EmotionGrid.Testing;

/// <summary>
/// The real silo binary as a child process on a free loopback port and its own data root: what a user
/// runs, with graceful stop, kill -9 and restart on the same data for the crash-safety tests.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public SiloProcess(string dataRoot, IDictionary<string, string>? settings = null)
    {
        DataRoot = dataRoot;
        Settings = new Dictionary<string, string>
        {
            ["EmotionGrid__DataRoot"] = dataRoot,
            ["EmotionGrid__Watcher__RescanSeconds"] = "1",
            ["EmotionGrid__Watcher__StableMilliseconds"] = "200",

            // Off unless a test turns it on: the recogniser is ~60× slower than the acoustic embedder, and every test's
            // silo transcribing its files would load the shared machine for the tests that time things.
            ["EmotionGrid__Transcription__Enabled"] = "false",

            // Orleans' silo and gateway ports: free ones, so silos of parallel tests never collide.
            ["EmotionGrid__Cluster__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EmotionGrid__Cluster__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            Settings[key] = value;
        }

        Port = FreePort();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string DataRoot { get; }

    public Dictionary<string, string> Settings { get; }

    public int Port { get; }

    /// <summary>Listen URLs; default loopback on <see cref="Port"/>.</summary>
    public string? Urls { get; init; }

    public HttpClient Client { get; }

    public string Output => string.Join('\n', _output);

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public static string SiloAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var root = TestData.RepoRoot ?? throw new InvalidOperationException("cannot find the repository root (EmotionGrid.sln)");
            return Path.Combine(root, "Silo", "bin", configuration, "net10.0", "EmotionGrid.Silo.dll");
        }
    }

    /// <summary>Starts the silo; with <paramref name="waitReady"/>, returns once <c>/readyz</c> answers healthy.</summary>
    public async Task StartAsync(bool waitReady = true)
    {
        _output.Clear();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataRoot,
        };
        info.ArgumentList.Add(SiloAssembly);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(Urls ?? $"http://127.0.0.1:{Port}");
        foreach (var (key, value) in Settings)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start the silo");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue("ERR " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (waitReady)
        {
            await WaitUntilAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"the silo exited with {_process.ExitCode}:\n{Output}");
                }

                try
                {
                    return (await Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), "the silo to become ready");
        }
    }

    /// <summary>Waits for the process to exit on its own (configuration errors) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: the host shuts down gracefully.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <summary>SIGKILL: a crash at whatever point the silo is.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task<CatalogSummary> StatusAsync() =>
        (await Client.GetFromJsonAsync<CatalogSummary>("/api/status"))!;

    public async Task<FilePage> FilesAsync(string query = "pageSize=500") =>
        (await Client.GetFromJsonAsync<FilePage>($"/api/files?{query}"))!;

    /// <summary>Polls until every file is finished and <paramref name="expectedTotal"/> rows exist.</summary>
    public Task<CatalogSummary> WaitForSettledAsync(int expectedTotal, TimeSpan timeout) =>
        WaitForAsync(async () =>
        {
            var status = await StatusAsync();
            var finished = status.ByStatus[FileStatus.Embedded] + status.ByStatus[FileStatus.Failed];
            return status.Total == expectedTotal && finished == expectedTotal ? status : null;
        }, timeout, $"{expectedTotal} files to finish");

    /// <summary>Starts a training run (<c>POST /api/train</c>, which must be accepted) and waits until it succeeded or failed.</summary>
    public async Task<TrainingRunView> TrainAsync(TimeSpan timeout)
    {
        var response = await Client.PostAsync("/api/train", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await response.Content.ReadFromJsonAsync<TrainingRunAccepted>())!.RunId;
        return await WaitForAsync(async () =>
        {
            var run = (await Client.GetFromJsonAsync<TrainingRunView>($"/api/training/{runId}"))!;
            return run.Status is "succeeded" or "failed" ? run : null;
        }, timeout, "training to finish");
    }

    public async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        T? result = null;
        await WaitUntilAsync(async () => (result = await probe()) is not null, timeout, what);
        return result!;
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}; silo output:\n{Tail(Output, 4000)}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Client.Dispose();
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
