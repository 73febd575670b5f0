using Microsoft.Data.Sqlite;

namespace EmotionGrid.Storage;

/// <summary>Opens pooled connections to one SQLite file; the busy timeout makes writers wait for each other.</summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;

    static SqliteConnectionFactory() => SQLitePCL.Batteries_V2.Init();

    public SqliteConnectionFactory(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // In WAL mode NORMAL skips the fsync on every commit yet stays consistent and survives a killed
        // process (what the crash tests exercise); only an OS crash can lose the last commits.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
