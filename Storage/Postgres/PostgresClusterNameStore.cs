using Dapper;
using EmotionGrid.Storage.Clusters;
using Npgsql;

namespace EmotionGrid.Storage.Postgres;

/// <summary>Cluster names in PostgreSQL, so every silo sees the names people gave; a rename is one upsert.</summary>
public sealed class PostgresClusterNameStore(NpgsqlDataSource dataSource) : IClusterNameStore
{
    private readonly PostgresConnections _db = new(dataSource);

    /// <summary>Creates the shared schema when missing; see <see cref="PostgresSchema.InitializeAsync"/>.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => PostgresSchema.InitializeAsync(_db.DataSource, cancellationToken);

    public Task<IReadOnlyDictionary<int, string>> GetAsync(string embedder, string signature, CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyDictionary<int, string>>(async connection =>
        {
            var rows = await connection.QueryAsync<(int ClusterId, string Emotion)>(new CommandDefinition(
                "SELECT cluster_id, emotion FROM cluster_names WHERE embedder = @embedder AND signature = @signature",
                new { embedder, signature }, cancellationToken: cancellationToken));
            return rows.ToDictionary(r => r.ClusterId, r => r.Emotion);
        }, cancellationToken);

    public Task SetAsync(string embedder, string signature, int clusterId, string emotion, CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO cluster_names (embedder, signature, cluster_id, emotion, named_at) VALUES (@embedder, @signature, @clusterId, @emotion, {PostgresSchema.NowMs})
            ON CONFLICT (embedder, signature, cluster_id) DO UPDATE SET emotion = excluded.emotion, named_at = excluded.named_at
            """,
            new { embedder, signature, clusterId, emotion }, cancellationToken: cancellationToken)), cancellationToken);
}
