using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EmotionGrid.Testing;

/// <summary>
/// A real PostgreSQL (the Debian package's binaries) on a free loopback port, its cluster in a temp folder:
/// initdb with trust authentication, fsync off (tests only). PostgreSQL refuses to run as root, so as root the
/// binaries run as the <c>postgres</c> user through <c>su</c>. The server is stopped on dispose, at process exit, and
/// by a watchdog when the test process dies without either. Isolate tests with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string NotInstalled = "PostgreSQL is not installed: apt-get install postgresql";

    private static readonly ConcurrentDictionary<PostgresServer, byte> Running = new();
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;
    private readonly string _bin;
    private readonly bool _asPostgresUser = Environment.UserName == "root";
    private Process? _watchdog;

    static PostgresServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var server in Running.Keys)
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    };

    private PostgresServer(string bin)
    {
        _bin = bin;
        Root = Directory.CreateTempSubdirectory("emotiongrid-pg-").FullName;
        Port = SiloProcess.FreePort();
    }

    /// <summary>The temp folder: the cluster (<c>data</c>), the log and the Unix socket.</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string LogFile => Path.Combine(Root, "server.log");

    public int Port { get; }

    public bool IsRunning { get; private set; }

    /// <summary>The <c>postgres</c> database as superuser <c>postgres</c> (trust: no password).</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>The folder of initdb and pg_ctl: <c>EMOTIONGRID_PG_BIN</c>, else the highest version under /usr/lib/postgresql; null when missing.</summary>
    public static string? FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("EMOTIONGRID_PG_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        const string installed = "/usr/lib/postgresql";
        if (!Directory.Exists(installed))
        {
            return null;
        }

        return Directory.GetDirectories(installed)
            .Select(folder => (Folder: folder, Version: double.TryParse(Path.GetFileName(folder), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(c => c.Version >= 0 && File.Exists(Path.Combine(c.Folder, "bin", "initdb")) && File.Exists(Path.Combine(c.Folder, "bin", "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .Select(c => Path.Combine(c.Folder, "bin"))
            .FirstOrDefault();
    }

    /// <summary>A new, running server of the test's own; the test is skipped (or fails under EMOTIONGRID_REQUIRE_ALL=1) when PostgreSQL is missing.</summary>
    public static async Task<PostgresServer> RequireAsync()
    {
        if (FindBinDirectory() is not { } bin)
        {
            Requirement.Unmet(Environment.GetEnvironmentVariable("EMOTIONGRID_PG_BIN") is { Length: > 0 } configured
                ? $"PostgreSQL is not installed: EMOTIONGRID_PG_BIN={configured} has no pg_ctl"
                : NotInstalled);
            throw new InvalidOperationException("unreachable");
        }

        return await ServerStart.WithFreshPortsAsync(() => new PostgresServer(bin), server => server.StartAsync());
    }

    /// <summary>One server for the whole test process, started on first use: tests share it through fresh databases. Never stop it from a test.</summary>
    public static async Task<PostgresServer> SharedAsync()
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

    /// <summary>initdb (first time only) and <c>pg_ctl -w start</c>; ready in about a second.</summary>
    public async Task StartAsync()
    {
        if (!Directory.Exists(DataDirectory))
        {
            if (_asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", Root], asPostgres: false);
            }

            await RunAsync(Path.Combine(_bin, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        }

        await StartAgainAsync();
    }

    /// <summary>Starts the stopped server again on the same port and data: the rows written before are there.</summary>
    public async Task StartAgainAsync()
    {
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {Root} -c fsync=off -c full_page_writes=off -c max_connections=300";
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"]);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}\n{Log()}", e);
        }

        IsRunning = true;
        Running[this] = 0;
        StartWatchdog();
    }

    /// <summary><paramref name="fast"/>: <c>-m immediate</c>, a crash-like stop (no checkpoint, connections cut); else a clean fast shutdown.</summary>
    public async Task StopAsync(bool fast = true)
    {
        if (!IsRunning)
        {
            return;
        }

        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", fast ? "immediate" : "fast", "-w", "stop"]);
        IsRunning = false;
        Running.TryRemove(this, out _);
    }

    /// <summary>A fresh, empty database (named <paramref name="name"/>, or a unique name); returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N");
        await ExecuteSqlAsync($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        return ConnectionStringFor(name);
    }

    /// <summary>Runs SQL through psql as the superuser (roles, grants, settings a test needs).</summary>
    public Task<string> ExecuteSqlAsync(string sql, string database = "postgres") =>
        RunAsync(Path.Combine(_bin, "psql"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-c", sql],
            asPostgres: false);

    /// <summary>
    /// Makes <paramref name="role"/> (created LOGIN with <paramref name="password"/>) authenticate by password over
    /// TCP while every other user keeps trust: a pg_hba.conf line in front, then a configuration reload.
    /// </summary>
    public async Task RequirePasswordForAsync(string role, string password)
    {
        await ExecuteSqlAsync($"SET password_encryption = 'scram-sha-256'; CREATE ROLE \"{role}\" LOGIN PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'");
        var hba = Path.Combine(DataDirectory, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, $"host all \"{role}\" 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
        await ExecuteSqlAsync("SELECT pg_reload_conf()");
        await Task.Delay(200); // the postmaster rereads pg_hba.conf on SIGHUP, asynchronously
    }

    /// <summary>The server log (for failure messages).</summary>
    public string Log()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The watchdog deletes what is left once this process is gone.
        }

        _watchdog?.Dispose(); // it ends by itself within a second of the folder's deletion
    }

    /// <summary>Runs a program to its end (as <c>postgres</c> when this process is root); throws with its output when it fails.</summary>
    private async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres && _asPostgresUser)
        {
            info.FileName = "su";
            foreach (var argument in (string[])["postgres", "-s", "/bin/sh", "-c", string.Join(' ', arguments.Prepend(program).Select(Quote))])
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = program;
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text.Trim()}");
        }

        return text;
    }

    /// <summary>One shell word: single quotes, with embedded single quotes closed, escaped and reopened.</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// A shell loop that cleans up once this process is gone: ProcessExit does not run when the test host is killed,
    /// and pg_ctl's server is a daemon that would keep its port and folder. One per server, from the first start until
    /// the folder is deleted (dispose); then it stops a server still running and deletes whatever is left.
    /// </summary>
    private void StartWatchdog()
    {
        if (_watchdog is { HasExited: false })
        {
            return;
        }

        var stop = string.Join(' ', new[] { Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "stop" }.Select(Quote));
        if (_asPostgresUser)
        {
            stop = "su postgres -s /bin/sh -c " + Quote(stop);
        }

        var (parent, root, pidFile) = (Environment.ProcessId, Quote(Root), Quote(Path.Combine(DataDirectory, "postmaster.pid")));
        var script = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"while kill -0 {parent} 2>/dev/null && [ -d {root} ]; do sleep 1; done; ")
            .Append(CultureInfo.InvariantCulture, $"kill -0 {parent} 2>/dev/null || {{ [ -f {pidFile} ] && {stop} >/dev/null 2>&1; rm -rf {root}; }}")
            .ToString();
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        _watchdog?.Dispose();
        _watchdog = Process.Start(info);
    }
}
