namespace EmotionGrid.Silo.Configuration;

/// <summary>The <c>EmotionGrid</c> configuration section (appsettings.json, <c>EmotionGrid__…</c> variables, command line).</summary>
public sealed class EmotionGridOptions
{
    public const string Section = "EmotionGrid";

    /// <summary>Root of the bucket folders, the SQLite catalog and the logs in embedded mode.</summary>
    public string DataRoot { get; set; } = "./data";

    public StorageSettings Storage { get; set; } = new();

    public CatalogSettings Catalog { get; set; } = new();

    public ClusterSettings Cluster { get; set; } = new();

    public EmbeddingOptions Embedding { get; set; } = new();

    public static IReadOnlyList<string> DefaultEmotions { get; } = ["calm", "happy", "sad", "angry"];

    /// <summary>
    /// The label set models are trained on; other emotions are kept but not trained on. Empty means
    /// <see cref="DefaultEmotions"/> (the binder appends to a non-empty default instead of replacing it).
    /// </summary>
    public string[] Emotions { get; set; } = [];

    public IReadOnlyList<string> LabelSet => Emotions.Length == 0 ? DefaultEmotions : Emotions;

    public WatcherOptions Watcher { get; set; } = new();

    public GatewayOptions Gateway { get; set; } = new();

    public ProcessingOptions Processing { get; set; } = new();

    public AudioOptions Audio { get; set; } = new();

    public TrainingOptions Training { get; set; } = new();

    public LearningOptions Learning { get; set; } = new();

    public OnnxOptions Onnx { get; set; } = new();

    public TranscriptionSettings Transcription { get; set; } = new();

    /// <summary>The embedder the settings select: <c>wav2vec2</c> when asked for, or <c>auto</c> with a model path.</summary>
    public string EffectiveEmbedder => Embedding.Embedder switch
    {
        "auto" => string.IsNullOrWhiteSpace(Embedding.Wav2Vec2.ModelPath) ? "acoustic" : "wav2vec2",
        var chosen => chosen,
    };

    public string FullDataRoot => Path.GetFullPath(DataRoot);

    /// <summary>Files embedded at once in this silo: <c>Processing:Concurrency</c>, else <see cref="DefaultConcurrency"/>.</summary>
    public int EffectiveProcessingConcurrency => ProcessingConcurrency(maxBatch: 1);

    /// <summary>Predictions computed at once: <c>Gateway:MaxConcurrentPredictions</c>, else <see cref="DefaultConcurrency"/>.</summary>
    public int EffectivePredictionConcurrency => PredictionConcurrency(maxBatch: 1);

    /// <summary>
    /// With dynamic batching (<paramref name="maxBatch"/> clips per run) the default must keep enough files in flight
    /// to fill a run: at least two runs' worth, since a file waits on the batcher without holding a thread.
    /// </summary>
    public int ProcessingConcurrency(int maxBatch) =>
        Processing.Concurrency > 0 ? Processing.Concurrency : maxBatch > 1 ? Math.Max(Environment.ProcessorCount, 2 * maxBatch) : DefaultConcurrency;

    public int PredictionConcurrency(int maxBatch) =>
        Gateway.MaxConcurrentPredictions > 0 ? Gateway.MaxConcurrentPredictions : maxBatch > 1 ? Math.Max(Environment.ProcessorCount, 2 * maxBatch) : DefaultConcurrency;

    /// <summary>
    /// One per core, except with wav2vec2 unbatched: its model runs are serialised (ORT spreads one run over the cores),
    /// so two — one clip decodes while the other runs. More would only queue at the batcher and hold decoded audio.
    /// </summary>
    private int DefaultConcurrency => EffectiveEmbedder == "wav2vec2" ? Math.Min(2, Environment.ProcessorCount) : Environment.ProcessorCount;
}

/// <summary><c>EmotionGrid:Storage</c>: the bucket. <c>FileSystem</c> (folders under DataRoot) or <c>AzureBlob</c> (one container; the bucket's folders are blob prefixes).</summary>
public sealed class StorageSettings
{
    public string Provider { get; set; } = "FileSystem";

    /// <summary>An Azure Storage connection string (AzureBlob; also the cluster's default).</summary>
    public string? ConnectionString { get; set; }

    public string Container { get; set; } = "emotiongrid";

    /// <summary>The Blob service version to speak (e.g. <c>2026-06-06</c>: Azurite 3.37 refuses newer); empty = the SDK's.</summary>
    public string? ServiceVersion { get; set; }

    public bool IsAzureBlob => Provider.Equals("AzureBlob", StringComparison.OrdinalIgnoreCase);
}

/// <summary><c>EmotionGrid:Catalog</c>: the catalog, model registry and cluster names. <c>Sqlite</c> (a file under DataRoot) or <c>Postgres</c>.</summary>
public sealed class CatalogSettings
{
    public string Provider { get; set; } = "Sqlite";

    /// <summary>An Npgsql connection string (Postgres).</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
}

public sealed class EmbeddingOptions
{
    /// <summary>
    /// <c>auto</c> (Wav2Vec2 when a model is configured, else acoustic), <c>acoustic</c> (acoustic-v2: acoustic-v1's
    /// spectral statistics plus prosody and voice quality), <c>acoustic-v1</c> (the earlier layout, for its models),
    /// <c>logmel</c> (logmel-v1, the lighter first embedder) or <c>wav2vec2</c>.
    /// </summary>
    public string Embedder { get; set; } = "auto";

    public Wav2Vec2Settings Wav2Vec2 { get; set; } = new();
}

public sealed class Wav2Vec2Settings
{
    /// <summary>A Hugging Face / optimum ONNX export of a Wav2Vec2-family encoder; with <c>Embedder=auto</c> setting it selects Wav2Vec2.</summary>
    public string? ModelPath { get; set; }

    public bool Normalize { get; set; } = true;

    /// <summary>
    /// Clips per model run, gathered across the files and predictions this silo is working on (dynamic batching).
    /// Unset: chosen by the provider that runs (CPU 1: batching did not pay on CPU; CUDA 32).
    /// </summary>
    public int? MaxBatch { get; set; }

    /// <summary>The earlier name of <see cref="MaxBatch"/>, still read when <see cref="MaxBatch"/> is unset.</summary>
    public int? MaxBatchSize { get; set; }

    /// <summary>Padded audio per run (clips × longest clip), bounding memory. Unset: CPU 160 s, CUDA 320 s.</summary>
    public double? MaxBatchSeconds { get; set; }

    /// <summary>How long the oldest queued clip may wait for a run to fill up. Unset: CPU 0, CUDA 5 ms.</summary>
    public double? MaxWaitMilliseconds { get; set; }

    /// <summary>Model runs at once. Unset: CPU 1 (one run already uses every intra-op thread), CUDA 2 (one uploads while one computes).</summary>
    public int? ConcurrentRuns { get; set; }

    public int? EffectiveMaxBatch => MaxBatch ?? MaxBatchSize;
}

/// <summary>The <c>EmotionGrid:Onnx</c> section: the session settings (the runtime itself comes from the NuGet package the build chose).</summary>
public sealed class OnnxOptions
{
    /// <summary>No longer used (the own native binding is gone); refused at start so an old setting is not silently ignored.</summary>
    public string? LibraryPath { get; set; }

    /// <summary><c>auto</c> (CUDA, else CPU with the reason logged), <c>cuda</c> (fail without CUDA) or <c>cpu</c>.</summary>
    public string ExecutionProvider { get; set; } = "auto";

    public int CudaDeviceId { get; set; }

    /// <summary>Cap on ORT's CUDA memory arena in MiB; 0 = no cap.</summary>
    public long CudaMemoryLimitMegabytes { get; set; }

    /// <summary>cuDNN convolution algorithm search: <c>heuristic</c> (default: clips of many lengths would repeat an exhaustive search per length), <c>exhaustive</c> or <c>default</c>.</summary>
    public string CudnnConvAlgoSearch { get; set; } = "heuristic";

    /// <summary>Threads inside one model run (0 = ORT's default, the core count).</summary>
    public int IntraOpThreads { get; set; }

    public int InterOpThreads { get; set; }

    /// <summary>
    /// Let ORT's idle threads spin between runs. Off by default: spinning threads take the cores the rest of
    /// the silo (decoding, hashing, the catalog) needs between model runs.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary><c>disabled</c>, <c>basic</c>, <c>extended</c> or <c>all</c>.</summary>
    public string GraphOptimizationLevel { get; set; } = "all";

    /// <summary>ORT's own log level: <c>verbose</c>, <c>info</c>, <c>warning</c>, <c>error</c>, <c>fatal</c>.</summary>
    public string LogSeverity { get; set; } = "warning";
}

/// <summary>The <c>EmotionGrid:Transcription</c> section: offline speech-to-text (PocketSphinx) for every file and prediction.</summary>
public sealed class TranscriptionSettings
{
    /// <summary><c>auto</c> (on when the library and model are found, else off with one log line), <c>true</c> (refuse to start without them), <c>false</c>.</summary>
    public string Enabled { get; set; } = "auto";

    /// <summary>libpocketsphinx.so.3; default: where Debian's <c>libpocketsphinx3</c> puts it.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>The folder with the acoustic model, language model and dictionary; default: Debian's <c>pocketsphinx-en-us</c>.</summary>
    public string? ModelPath { get; set; }

    public string Language { get; set; } = "en-us";

    /// <summary>Files transcribed at once, after their embedding on a pool of their own; 0 = half the cores (at least one), so embedding keeps the rest.</summary>
    public int Concurrency { get; set; }

    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Math.Max(1, Environment.ProcessorCount / 2);
}

public sealed class WatcherOptions
{
    /// <summary>Full rescan of <c>incoming/</c> even without file-system events, so nothing is missed.</summary>
    public double RescanSeconds { get; set; } = 2;

    /// <summary>A file must keep its size and time this long before it is read (it may still be being written).</summary>
    public int StableMilliseconds { get; set; } = 500;
}

public sealed class GatewayOptions
{
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>When set, every mutating request (POST, PUT, PATCH, DELETE under /api) needs it in <c>X-Api-Key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Listen beyond loopback without an API key (refused otherwise).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Predictions computed at once (0 = one per core; two with wav2vec2); more wait in the queue.</summary>
    public int MaxConcurrentPredictions { get; set; }

    /// <summary>Predictions allowed to wait; beyond that the gateway answers 503 with Retry-After.</summary>
    public int MaxQueuedPredictions { get; set; } = 16;
}

public sealed class ProcessingOptions
{
    /// <summary>How often the sweeper re-drives files left queued or processing (a reminder; also once at start).</summary>
    public double SweepSeconds { get; set; } = 60;

    /// <summary>Attempts after which a file that never finished (the silo died on it each time) is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Files processed at once in this silo: the slots of its file work pool (0 = one per core; two with wav2vec2).</summary>
    public int Concurrency { get; set; }

    /// <summary>How long a silo's claim on a file lasts unrenewed: another silo takes the file over after it (at once when the holder is declared dead).</summary>
    public double LeaseSeconds { get; set; } = 30;
}

public sealed class AudioOptions
{
    public double MinSeconds { get; set; } = 0.25;

    public double MaxSeconds { get; set; } = 4 * 3600;

    /// <summary>Files longer than this are embedded in segments of this length (one segment in memory at a time).</summary>
    public double SegmentSeconds { get; set; } = 10;

    /// <summary>How much consecutive segments overlap.</summary>
    public double SegmentOverlapSeconds { get; set; } = 1;
}

public sealed class TrainingOptions
{
    /// <summary>k for k-means; 0 = the number of emotions.</summary>
    public int Clusters { get; set; }

    /// <summary>Start a training run after this many new labels (0 = off).</summary>
    public int AutoTrainAfterNewLabels { get; set; }

    /// <summary>Speaker-grouped cross-validation folds (fewer when there are fewer speakers).</summary>
    public int Folds { get; set; } = 5;

    public int MinLabelledFiles { get; set; } = 20;

    public int Seed { get; set; } = 42;
}

/// <summary>
/// <c>EmotionGrid:Learning</c>: how models learn and predict. <c>Normalisation</c> <c>speaker</c> z-scores each
/// speaker's vectors with that speaker's statistics (all of their files in the catalog) once they have
/// <c>MinSpeakerFiles</c> files, global statistics otherwise; <c>global</c> uses global statistics for everyone.
/// <c>Learner</c> <c>auto</c> tries every learner and keeps the best on held-out speakers.
/// </summary>
public sealed class LearningOptions
{
    public string Normalisation { get; set; } = EmotionGrid.Learning.Normalisation.NormalisationMode.Speaker;

    public int MinSpeakerFiles { get; set; } = EmotionGrid.Learning.Training.TrainingOptions.DefaultMinSpeakerFiles;

    public string Learner { get; set; } = EmotionGrid.Learning.Classifiers.LearnerGrids.Auto;

    /// <summary>Oversample the smaller emotions in training folds so every emotion weighs the same.</summary>
    public bool BalanceClasses { get; set; } = true;

    /// <summary>Temperature-scale confidences when that lowers the cross-fitted calibration error.</summary>
    public bool Calibrate { get; set; } = true;

    /// <summary>
    /// Train on speed (0.9, 1.1) and noise (20 dB) variants of the labelled clips too: <c>auto</c> does with the
    /// acoustic embedders (cheap; +3 points on held-out speakers in bench quality), not with Wav2Vec2; <c>on</c>, <c>off</c>.
    /// </summary>
    public string Augmentation { get; set; } = "auto";
}

/// <summary>
/// <c>EmotionGrid:Cluster</c>: the Orleans cluster this silo joins. <c>Localhost</c> (embedded mode) needs no
/// server; <c>AzureStorage</c> keeps membership and reminders in Azure Table storage, so any number of silos join.
/// </summary>
public sealed class ClusterSettings
{
    public string Provider { get; set; } = "Localhost";

    /// <summary>Azure Storage connection string for the membership and reminder tables; default: <c>Storage:ConnectionString</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The address other silos reach this one at; default: the first non-loopback address (127.0.0.1 when the API listens on loopback only).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Run under Kubernetes: Orleans' Kubernetes hosting takes the pod's name, IP and cluster ids and removes dead pods' silos.</summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// Membership probe timeout. A crashed silo refuses connections and is declared dead at once; a hung one after two
    /// missed probes (one vote), so within ~6 s with 2 s, while a silo busy embedding on every core is not mistaken for dead.
    /// </summary>
    public double ProbeTimeoutSeconds { get; set; } = 2;

    public bool IsAzureStorage => Provider.Equals("AzureStorage", StringComparison.OrdinalIgnoreCase);

    public string ClusterId { get; set; } = "emotiongrid-local";

    public string ServiceId { get; set; } = "emotiongrid";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (not the REST API: that is <c>--urls</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans' dashboard at <c>/orleans</c> (it profiles every grain call while on).</summary>
    public bool Dashboard { get; set; } = true;
}
