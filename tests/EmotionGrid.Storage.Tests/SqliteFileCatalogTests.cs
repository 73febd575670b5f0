using EmotionGrid.Contracts.Files;
using EmotionGrid.Storage.Catalog;
using Microsoft.Data.Sqlite;
using EmotionGrid.Storage.Sqlite;

namespace EmotionGrid.Storage.Tests;

/// <summary>The catalog contract on a temp SQLite file per test, plus what only the SQLite adapter promises.</summary>
public sealed class SqliteFileCatalogTests : FileCatalogContract<SqliteFileCatalog>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-catalog-").FullName;

    private string DatabasePath => Path.Combine(_folder, "catalog.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    protected override async Task<SqliteFileCatalog> CreateCatalogAsync()
    {
        var catalog = new SqliteFileCatalog(DatabasePath);
        await catalog.InitializeAsync(Ct);
        return catalog;
    }

    [Fact]
    public async Task A_database_from_before_segments_is_upgraded_in_place_and_keeps_its_rows()
    {
        // The first release's files table, without segments_blob / segment_count.
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString()))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE files (id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
                    size_bytes INTEGER NOT NULL, duration_seconds REAL, sample_rate INTEGER, channels INTEGER, embedder TEXT,
                    vector_dimension INTEGER, vector_blob TEXT, audio_blob TEXT NOT NULL, pending_blob TEXT, warnings TEXT,
                    emotion TEXT, confidence REAL, model_version INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                INSERT INTO files (id, name, status, size_bytes, audio_blob, created_at, updated_at)
                VALUES ('old', 'old.wav', 'embedded', 10, 'processed/old.wav', 1, 1);
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        var catalog = await CreateCatalogAsync();

        var old = (await catalog.GetAsync("old", Ct))!;
        Assert.Equal("old.wav", old.Name);
        Assert.Equal(0, old.SegmentCount);
        Assert.Empty(await catalog.GetSegmentsAsync("old", Ct));
    }

    [Fact]
    public async Task The_database_is_in_WAL_mode()
    {
        await CreateCatalogAsync();

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        var first = await CreateCatalogAsync();
        var file = NewFile("kept.wav", size: 1234);
        await first.RegisterAsync(file, Ct);
        await first.TryStartProcessingAsync(file.Id, TestLease.Owner, Ct);
        await first.AddAliasAsync(file.Id, "kept copy.wav", "processed/kept copy.wav", Ct);
        await first.MarkEmbeddedAsync(file.Id, Result(), cancellationToken: Ct);
        var written = await first.GetAsync(file.Id, Ct);
        SqliteConnection.ClearAllPools(); // no pooled connection keeps the old file open

        var reopened = new SqliteFileCatalog(DatabasePath);
        await reopened.InitializeAsync(Ct);

        Assert.Equal(written, await reopened.GetAsync(file.Id, Ct));
        Assert.Equal(["kept copy.wav"], await reopened.GetAliasesAsync(file.Id, Ct));
        Assert.Equal(1, (await reopened.CountByStatusAsync(Ct))[FileStatus.Embedded]);
        Assert.Equal(RegisterResult.AlreadyTracked, (await reopened.RegisterAsync(file with { AudioBlob = "processed/x.wav" }, Ct)).Result);
    }

    [Fact]
    public async Task Two_catalogs_on_one_file_see_each_others_writes()
    {
        var one = await CreateCatalogAsync();
        var two = await CreateCatalogAsync();
        var file = NewFile("shared.wav");

        Assert.Equal(RegisterResult.Registered, (await one.RegisterAsync(file, Ct)).Result);
        Assert.Equal(RegisterResult.AlreadyTracked, (await two.RegisterAsync(file, Ct)).Result);
        Assert.True(await two.TryStartProcessingAsync(file.Id, TestLease.Owner, Ct));
        Assert.Equal(FileStatus.Processing, (await one.GetAsync(file.Id, Ct))!.Status);
    }

    [Fact]
    public async Task The_folder_of_the_database_is_created()
    {
        var path = Path.Combine(_folder, "nested", "deeper", "catalog.db");
        var catalog = new SqliteFileCatalog(path);

        await catalog.InitializeAsync(Ct);
        await catalog.PingAsync(Ct);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Timestamps_come_from_the_given_clock_in_UTC()
    {
        var clock = new ManualClock(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2)));
        var catalog = new SqliteFileCatalog(DatabasePath, clock);
        await catalog.InitializeAsync(Ct);
        var file = NewFile("a.wav");

        var registered = (await catalog.RegisterAsync(file, Ct)).Record;
        clock.Advance(TimeSpan.FromSeconds(90));
        await catalog.TryStartProcessingAsync(file.Id, TestLease.Owner, Ct);
        var started = (await catalog.GetAsync(file.Id, Ct))!;

        Assert.Equal(new DateTimeOffset(2024, 5, 6, 5, 8, 9, 123, TimeSpan.Zero), registered.CreatedAt);
        Assert.Equal(TimeSpan.Zero, registered.CreatedAt.Offset);
        Assert.Equal(registered.CreatedAt, started.CreatedAt);
        Assert.Equal(registered.CreatedAt.AddSeconds(90), started.UpdatedAt);
    }

    [Fact]
    public async Task A_catalog_that_was_never_initialised_fails_its_ping()
    {
        var catalog = new SqliteFileCatalog(DatabasePath);

        await Assert.ThrowsAsync<SqliteException>(() => catalog.PingAsync(Ct));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();
    }
}
