using System.Data.Common;
using Dapper;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using EmotionGrid.Storage.Postgres;
using EmotionGrid.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EmotionGrid.Storage.Tests;

/// <summary>
/// The catalog contract on a fresh PostgreSQL database per test, plus what only a shared catalog must survive:
/// several silos (separate data sources) at once, unusable configurations, and a server restart mid-batch.
/// </summary>
public sealed class PostgresFileCatalogTests : FileCatalogContract<PostgresFileCatalog>, IAsyncDisposable
{
    private readonly PostgresTestDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    protected override async Task<PostgresFileCatalog> CreateCatalogAsync()
    {
        var catalog = new PostgresFileCatalog(await _database.NewDataSourceAsync());
        await catalog.InitializeAsync(Ct);
        return catalog;
    }

    [Fact]
    public async Task Silos_initialising_one_empty_database_at_once_create_the_schema_once_without_error()
    {
        var catalogs = new List<PostgresFileCatalog>();
        for (var i = 0; i < 4; i++)
        {
            catalogs.Add(new PostgresFileCatalog(await _database.NewDataSourceAsync()));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inits = catalogs.Select(c => Task.Run(async () =>
        {
            await start.Task;
            await c.InitializeAsync(Ct);
        }, Ct)).ToArray();
        start.SetResult();
        await Task.WhenAll(inits);

        await using var connection = await (await _database.NewDataSourceAsync()).OpenConnectionAsync(Ct);
        var tables = (await connection.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")).ToList();
        Assert.Equal(["cluster_names", "file_aliases", "file_segments", "files", "model_version_counter", "model_versions", "training_runs"], tables);
        var file = NewFile("after-init.wav");
        Assert.Equal(RegisterResult.Registered, (await catalogs[3].RegisterAsync(file, Ct)).Result);
        Assert.Equal(RegisterResult.AlreadyTracked, (await catalogs[0].RegisterAsync(file, Ct)).Result);
    }

    [Fact]
    public async Task Two_silos_racing_for_the_same_files_never_both_win_one()
    {
        var one = await CreateCatalogAsync();
        var two = await CreateCatalogAsync();
        var files = new List<NewFile>();
        for (var i = 0; i < 20; i++)
        {
            var file = NewFile($"raced-{i}.wav");
            await one.RegisterAsync(file, Ct);
            files.Add(file);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<bool[]> Silo(PostgresFileCatalog catalog, string owner)
        {
            await start.Task;
            var won = new bool[files.Count];
            for (var i = 0; i < files.Count; i++)
            {
                won[i] = await catalog.TryStartProcessingAsync(files[i].Id, new FileLease(owner, TimeSpan.FromMinutes(5)), Ct);
            }

            return won;
        }

        var a = Task.Run(() => Silo(one, "silo-a"), Ct);
        var b = Task.Run(() => Silo(two, "silo-b"), Ct);
        start.SetResult();
        var (wonA, wonB) = (await a, await b);

        for (var i = 0; i < files.Count; i++)
        {
            Assert.True(wonA[i] ^ wonB[i], $"file {i}: silo-a {wonA[i]}, silo-b {wonB[i]}");
            var row = (await two.GetAsync(files[i].Id, Ct))!;
            Assert.Equal((wonA[i] ? "silo-a" : "silo-b", 1), (row.LeaseOwner, row.Attempts));
        }
    }

    [Fact]
    public async Task Lease_times_come_from_the_database_clock()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("clock.wav");
        await catalog.RegisterAsync(file, Ct);
        await catalog.TryStartProcessingAsync(file.Id, new FileLease("silo-a", TimeSpan.FromMinutes(3)), Ct);

        await using var connection = await (await _database.NewDataSourceAsync()).OpenConnectionAsync(Ct);
        var serverNow = DateTimeOffset.FromUnixTimeMilliseconds(await connection.ExecuteScalarAsync<long>($"SELECT {PostgresSchema.NowMs}"));
        var row = (await catalog.GetAsync(file.Id, Ct))!;

        Assert.Equal(TimeSpan.FromMinutes(3), row.LeaseExpiresAt!.Value - row.UpdatedAt);
        Assert.InRange(row.UpdatedAt, serverNow.AddSeconds(-30), serverNow);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_in_one_line_naming_host_port_and_database()
    {
        var port = SiloProcess.FreePort(); // nothing listens there
        var catalog = new PostgresFileCatalog(await _database.NewDataSourceAsync($"Host=127.0.0.1;Port={port};Database=grid;Username=grid;Password=s3cret-pw;Timeout=5"));

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => catalog.InitializeAsync(Ct));

        AssertOneLine(error.Message, $"127.0.0.1:{port}/grid", "connection refused");
        var ping = await Assert.ThrowsAsync<NpgsqlException>(() => catalog.PingAsync(Ct));
        AssertOneLine(ping.Message, $"127.0.0.1:{port}/grid", "connection refused");
    }

    [Fact]
    public async Task A_wrong_password_is_reported_without_the_password()
    {
        await _database.ConnectionStringAsync();
        var server = _database.Server!;
        var role = "pw_" + Guid.NewGuid().ToString("N")[..12];
        await server.RequirePasswordForAsync(role, "the-right-one");
        var catalog = new PostgresFileCatalog(await _database.NewDataSourceAsync($"Host=127.0.0.1;Port={server.Port};Database=postgres;Username={role};Password=wrong-pw-42"));

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => catalog.InitializeAsync(Ct));

        AssertOneLine(error.Message, $"127.0.0.1:{server.Port}/postgres", "password authentication failed", role);
        Assert.DoesNotContain("wrong-pw-42", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the-right-one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_is_reported_as_such()
    {
        await _database.ConnectionStringAsync();
        var port = _database.Server!.Port;
        var catalog = new PostgresFileCatalog(await _database.NewDataSourceAsync($"Host=127.0.0.1;Port={port};Database=no_such_db;Username=postgres;Password=pw-x"));

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => catalog.InitializeAsync(Ct));

        AssertOneLine(error.Message, $"127.0.0.1:{port}/no_such_db", "does not exist");
        Assert.DoesNotContain("pw-x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_without_create_permission_is_reported_as_such()
    {
        var owned = new NpgsqlConnectionStringBuilder(await _database.ConnectionStringAsync());
        var role = "ro_" + Guid.NewGuid().ToString("N")[..12];
        await _database.Server!.ExecuteSqlAsync($"CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC", owned.Database!);
        var catalog = new PostgresFileCatalog(await _database.NewDataSourceAsync(new NpgsqlConnectionStringBuilder(owned.ConnectionString) { Username = role }.ConnectionString));

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => catalog.InitializeAsync(Ct));

        AssertOneLine(error.Message, $"/{owned.Database}", "permission denied", role);
    }

    [Fact]
    public async Task The_same_catalog_works_again_after_the_server_restarts_mid_batch_and_the_rows_survived()
    {
        await using var server = await PostgresServer.RequireAsync();
        var catalog = new PostgresFileCatalog(await _database.NewDataSourceAsync(await server.CreateDatabaseAsync() + ";Timeout=5"));
        await catalog.InitializeAsync(Ct);
        var files = await RegisterManyAsync(catalog, "r1.wav", "r2.wav", "r3.wav");
        Assert.True(await catalog.TryStartProcessingAsync(files[0].Id, TestLease.Owner, Ct));
        await catalog.MarkEmbeddedAsync(files[0].Id, Result(), cancellationToken: Ct);
        // Several pooled connections, all of which the crash leaves dead.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => catalog.CountByStatusAsync(Ct), Ct)));
        Assert.True(await catalog.TryStartProcessingAsync(files[1].Id, TestLease.Owner, Ct));

        await server.StopAsync(fast: true);

        // While it is down: a DbException (the grains retry later), and a one-line readiness message.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => catalog.MarkEmbeddedAsync(files[1].Id, Result(), cancellationToken: Ct));
        var ping = await Assert.ThrowsAnyAsync<DbException>(() => catalog.PingAsync(Ct));
        AssertOneLine(ping.Message, $"127.0.0.1:{server.Port}/");

        await server.StartAgainAsync();

        // The first call after the restart already works: the failed calls cleared the pool of its dead connections.
        await catalog.MarkEmbeddedAsync(files[1].Id, Result(), cancellationToken: Ct);
        await catalog.PingAsync(Ct);
        var counts = await catalog.CountByStatusAsync(Ct);
        Assert.Equal((2, 1), (counts[FileStatus.Embedded], counts[FileStatus.Queued]));
        Assert.Equal(1, (await catalog.GetAsync(files[1].Id, Ct))!.Attempts);
        Assert.True(await catalog.TryStartProcessingAsync(files[2].Id, TestLease.Owner, Ct));
    }

    [Fact]
    public async Task Registration_shares_one_data_source_and_connects_only_when_initialised()
    {
        var port = SiloProcess.FreePort();
        await using var services = new ServiceCollection()
            .AddPostgresCatalog($"Host=127.0.0.1;Port={port};Database=grid;Username=grid;Password=s3cret-pw")
            .BuildServiceProvider();

        var catalog = services.GetRequiredService<IFileCatalog>(); // nothing listens: resolving must not connect
        Assert.Same(catalog, services.GetRequiredService<IFileCatalogQueries>());
        Assert.IsType<PostgresModelRegistry>(services.GetRequiredService<IModelRegistry>());
        Assert.IsType<PostgresClusterNameStore>(services.GetRequiredService<IClusterNameStore>());
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => services.InitializePostgresCatalogAsync(Ct));
        AssertOneLine(error.Message, $"127.0.0.1:{port}/grid", "refused");

        await using var malformed = new ServiceCollection().AddPostgresCatalog("Host=x;Pasword=s3cret-pw").BuildServiceProvider();
        var invalid = Assert.Throws<StorageConfigurationException>(() => malformed.GetRequiredService<IFileCatalog>());
        AssertOneLine(invalid.Message, "connection string is invalid");
    }

    private static void AssertOneLine(string message, params string[] mustContain)
    {
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("s3cret-pw", message, StringComparison.Ordinal);
        foreach (var part in mustContain)
        {
            Assert.Contains(part, message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
