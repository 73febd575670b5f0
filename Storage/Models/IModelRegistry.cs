namespace EmotionGrid.Storage.Models;

/// <summary>
/// The model-registry port: published versions (one active at a time) and training runs (one queued or
/// running at a time, enforced atomically so several silos may share it). Adapters: SQLite; PostgreSQL later.
/// </summary>
public interface IModelRegistry
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a run unless one is queued or running; returns that one instead (and false) when it exists.</summary>
    Task<(bool Started, TrainingRunRecord Run)> TryStartRunAsync(string runId, CancellationToken cancellationToken = default);

    Task UpdateRunAsync(string runId, string status, string? stage, double progress, int? modelVersion = null, string? error = null, CancellationToken cancellationToken = default);

    Task<TrainingRunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The newest runs first.</summary>
    Task<IReadOnlyList<TrainingRunRecord>> ListRecentRunsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Runs left queued or running by a crash: the silo fails them at start with a reason.</summary>
    Task<IReadOnlyList<TrainingRunRecord>> ListUnfinishedRunsAsync(CancellationToken cancellationToken = default);

    Task<DateTimeOffset?> LastSucceededRunAtAsync(CancellationToken cancellationToken = default);

    /// <summary>The next free version number (1, 2, …).</summary>
    Task<int> NextVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a version; with <paramref name="activate"/> it becomes the only active one.</summary>
    Task AddVersionAsync(ModelVersionRecord version, bool activate, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ModelVersionRecord>> ListVersionsAsync(CancellationToken cancellationToken = default);

    Task<ModelVersionRecord?> GetVersionAsync(int version, CancellationToken cancellationToken = default);

    Task<ModelVersionRecord?> GetActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="version"/> the only active one; false when it does not exist.</summary>
    Task<bool> ActivateAsync(int version, CancellationToken cancellationToken = default);
}
