using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Storage.Catalog;

/// <summary>The catalog as the dashboard and the REST API read it: pages, details, counts and probes. Changes go through <see cref="IFileCatalog"/>.</summary>
public interface IFileCatalogQueries : IFileLookup
{
    Task<IReadOnlyList<string>> GetAliasesAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The file's segments in order; empty for files of one segment.</summary>
    Task<IReadOnlyList<FileSegment>> GetSegmentsAsync(string id, CancellationToken cancellationToken = default);

    Task<FileRecord?> FindByBlobAsync(string blobKey, CancellationToken cancellationToken = default);

    Task<FilePage> QueryAsync(FileQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Files by predicted emotion.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByEmotionAsync(CancellationToken cancellationToken = default);

    /// <summary>Files finished (embedded or failed) per time bucket since <paramref name="since"/>; empty buckets are left out.</summary>
    Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(DateTimeOffset since, TimeSpan bucket, CancellationToken cancellationToken = default);

    /// <summary>Throws when the catalog cannot be reached (readiness probe).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
