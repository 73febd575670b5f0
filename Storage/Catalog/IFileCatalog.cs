using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Storage.Catalog;

/// <summary>
/// The catalog as the grains use it: one row per distinct file content, and every change of its life
/// (register, process, embed or fail, label, predict). Adapters: SQLite (embedded mode) and, in distributed
/// mode, PostgreSQL. Every state change is a single atomic statement, so several silos may share one catalog.
/// What the dashboard and the API read is <see cref="IFileCatalogQueries"/>.
/// </summary>
public interface IFileCatalog : IFileLookup
{
    /// <summary>Creates the schema when missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers a file atomically; see <see cref="RegisterResult"/> for the three outcomes.</summary>
    Task<RegisterOutcome> RegisterAsync(NewFile file, CancellationToken cancellationToken = default);

    /// <summary>Records another name (and where its blob went) for existing content.</summary>
    Task AddAliasAsync(string id, string name, string blob, CancellationToken cancellationToken = default);

    /// <summary>
    /// queued → processing, or processing → processing when its lease is free: expired, already the caller's, or
    /// held by <see cref="FileLease.TakeOverFrom"/>. Counts an attempt and leases the row to <see cref="FileLease.Owner"/>
    /// until now + <see cref="FileLease.Duration"/>, in one atomic statement: of several silos asking at once, one wins.
    /// False when the file is finished, unknown, or leased to another owner that is still live.
    /// </summary>
    Task<bool> TryStartProcessingAsync(string id, FileLease lease, CancellationToken cancellationToken = default);

    /// <summary>Extends the caller's lease to now + duration; false when the file finished or another owner took it over.</summary>
    Task<bool> RenewLeaseAsync(string id, FileLease lease, CancellationToken cancellationToken = default);

    /// <summary>Records the blob the audio is about to be moved to.</summary>
    Task SetPendingBlobAsync(string id, string pendingBlob, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the file embedded and replaces its segments, in one transaction. With <paramref name="leaseOwner"/> only while
    /// that owner still holds the processing row: false (nothing changed) when another silo took it over or finished it.
    /// </summary>
    Task<bool> MarkEmbeddedAsync(string id, EmbeddingResult result, string? leaseOwner = null, CancellationToken cancellationToken = default);

    /// <summary>Stores what was said in an embedded file (transcribed after its embedding); false when the file is not embedded.</summary>
    Task<bool> SetTranscriptAsync(string id, Transcript transcript, CancellationToken cancellationToken = default);

    /// <summary>Embedded files without a transcript, oldest first (for transcribing what was embedded while transcription was off or interrupted).</summary>
    Task<IReadOnlyList<FileRecord>> ListUntranscribedAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks the file failed with the reason; with <paramref name="leaseOwner"/> only while that owner holds it (as above).</summary>
    Task<bool> MarkFailedAsync(string id, string error, string audioBlob, string? leaseOwner = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands a file back after an attempt that ended in a storage outage or a shutdown, not in the file: the attempt does
    /// not count and the lease ends now, so any silo may retry at once. False when the caller no longer holds it.
    /// </summary>
    Task<bool> ReleaseAsync(string id, FileLease lease, CancellationToken cancellationToken = default);

    /// <summary>Rows left queued or processing: the intake sweeper re-drives them to their grains (at start and on its reminder).</summary>
    Task<IReadOnlyList<FileRecord>> ListUnfinishedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets a file's label unless it already has one from a stronger source (<see cref="LabelSource.Strength"/>);
    /// a null <paramref name="speaker"/> keeps the known speaker. True when applied.
    /// </summary>
    Task<bool> SetLabelAsync(string id, string emotion, string source, string? speaker = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets who speaks in a file whatever its label's source (a speaker given explicitly, by an upload, a person or a CSV,
    /// wins over one read from the file name); a null <paramref name="speaker"/> clears it. True when the file exists.
    /// </summary>
    Task<bool> SetSpeakerAsync(string id, string? speaker, CancellationToken cancellationToken = default);

    /// <summary>Ids of files whose name or an alias is <paramref name="name"/>, ignoring case.</summary>
    Task<IReadOnlyList<string>> FindIdsByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every embedded file of one embedder, oldest first: the training snapshot and re-scoring work list.</summary>
    Task<IReadOnlyList<LabelledFile>> ListEmbeddedAsync(string embedder, CancellationToken cancellationToken = default);

    /// <summary>Records a model's prediction for a file and, for long files, for each segment in order.</summary>
    Task SetPredictionAsync(string id, Prediction prediction, IReadOnlyList<Prediction>? segments = null, CancellationToken cancellationToken = default);

    /// <summary>How many files got a label after <paramref name="since"/> (automatic training).</summary>
    Task<int> CountLabelsChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}
