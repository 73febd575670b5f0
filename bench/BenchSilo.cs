using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EmotionGrid.Bench;

/// <summary>
/// The real silo (Release build) as a child process on its own data root, for timing the whole pipeline:
/// files are dropped into <c>incoming/</c> and the clock stops when the catalog reports them embedded.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string _incoming;
    private int _embedded;

    private BenchSilo(Process process, HttpClient http, string incoming)
    {
        _process = process;
        _http = http;
        _incoming = incoming;
    }

    /// <summary>Time from process start until <c>/healthz</c> first answered 200.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Starts this checkout's silo (Release), or <paramref name="siloDll"/> (e.g. an older build, for before/after runs).</summary>
    public static async Task<BenchSilo> StartAsync(string root, IReadOnlyDictionary<string, string> settings, TextWriter output, string? siloDll = null)
    {
        // The silo of this bench's own ONNX Runtime flavour: a CUDA build lives in bin/cuda (Directory.Build.props).
        var flavour = EmotionGrid.Onnx.OnnxBuild.IsCuda;
        var silo = siloDll ?? Path.Combine(BenchData.RepoRoot(), "Silo", "bin", flavour ? "cuda/Release" : "Release", "net10.0", "EmotionGrid.Silo.dll");
        if (siloDll is null && !File.Exists(silo))
        {
            await output.WriteLineAsync("building the silo (Release) …");
            using var build = Process.Start("dotnet", ["build", "-c", "Release", "-v", "q", $"-p:OnnxRuntimeFlavor={EmotionGrid.Onnx.OnnxBuild.Flavor}", Path.Combine(BenchData.RepoRoot(), "Silo")]);
            await build.WaitForExitAsync();
        }

        var port = 5400 + Random.Shared.Next(500);
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(silo);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["EmotionGrid__DataRoot"] = root;
        info.Environment["EmotionGrid__Cluster__SiloPort"] = (port + 20000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["EmotionGrid__Cluster__GatewayPort"] = (port + 21000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var result = new BenchSilo(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }, Path.Combine(root, "incoming"));
        await result.UntilAsync(async () => (await result._http.GetAsync("/healthz")).IsSuccessStatusCode);
        result.StartupTime = DateTime.Now - process.StartTime;
        await result.UntilAsync(async () => (await result._http.GetAsync("/readyz")).IsSuccessStatusCode);
        return result;
    }

    /// <summary>Drops the files at once and returns the wall time until all of them are embedded.</summary>
    public async Task<TimeSpan> ProcessAsync(IReadOnlyList<string> files)
    {
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            File.Copy(file, Path.Combine(_incoming, Path.GetFileName(file)));
        }

        var target = _embedded + files.Count;
        await UntilAsync(async () => await EmbeddedAsync() >= target);
        var elapsed = clock.Elapsed;
        _embedded = target;
        return elapsed;
    }

    private async Task<int> EmbeddedAsync()
    {
        using var status = JsonDocument.Parse(await _http.GetStringAsync("/api/status"));
        var byStatus = status.RootElement.GetProperty("byStatus");
        if (byStatus.TryGetProperty("failed", out var failed) && failed.GetInt32() > 0)
        {
            throw new InvalidOperationException($"{failed.GetInt32()} file(s) failed in the silo; see its log under the bench's data root");
        }

        return byStatus.TryGetProperty("embedded", out var embedded) ? embedded.GetInt32() : 0;
    }

    private async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {_process.ExitCode.ToString(CultureInfo.InvariantCulture)}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the silo did not finish in 10 minutes");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
