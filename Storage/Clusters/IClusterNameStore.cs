namespace EmotionGrid.Storage.Clusters;

/// <summary>
/// The names people gave clusters, per embedder and per clustering (its signature: the set of files it was
/// computed from), so they survive a restart and every silo sees them. Adapters: SQLite; PostgreSQL later.
/// </summary>
public interface IClusterNameStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Cluster id → emotion for one clustering; empty when none was named.</summary>
    Task<IReadOnlyDictionary<int, string>> GetAsync(string embedder, string signature, CancellationToken cancellationToken = default);

    /// <summary>Names (or renames) one cluster of one clustering.</summary>
    Task SetAsync(string embedder, string signature, int clusterId, string emotion, CancellationToken cancellationToken = default);
}
