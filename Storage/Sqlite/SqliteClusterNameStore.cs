using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using EmotionGrid.Storage.Catalog;
using Dapper;

namespace EmotionGrid.Storage.Sqlite;

/// <summary>Cluster names in the catalog's SQLite file (embedded mode).</summary>
public sealed class SqliteClusterNameStore(string databasePath) : IClusterNameStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS cluster_names (
            embedder TEXT NOT NULL,
            signature TEXT NOT NULL,
            cluster_id INTEGER NOT NULL,
            emotion TEXT NOT NULL,
            named_at INTEGER NOT NULL,
            PRIMARY KEY (embedder, signature, cluster_id));
        """;

    private readonly SqliteConnectionFactory _connections = new(databasePath);

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        await connection.ExecuteAsync(Schema);
    }

    public async Task<IReadOnlyDictionary<int, string>> GetAsync(string embedder, string signature, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long ClusterId, string Emotion)>(
            new CommandDefinition(
                "SELECT cluster_id, emotion FROM cluster_names WHERE embedder = @embedder AND signature = @signature",
                new { embedder, signature }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => (int)r.ClusterId, r => r.Emotion);
    }

    public async Task SetAsync(string embedder, string signature, int clusterId, string emotion, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cluster_names (embedder, signature, cluster_id, emotion, named_at) VALUES (@embedder, @signature, @clusterId, @emotion, @now)
            ON CONFLICT (embedder, signature, cluster_id) DO UPDATE SET emotion = excluded.emotion, named_at = excluded.named_at
            """,
            new { embedder, signature, clusterId, emotion, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
