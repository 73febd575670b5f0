using System.Diagnostics.Metrics;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// The silo's own instruments (meter <see cref="MeterName"/>), exported by the host at <c>/metrics</c>: files by
/// outcome, embedding seconds, the file queue depth, predictions and training runs by outcome.
/// </summary>
public sealed class EmotionGridMetrics : IDisposable
{
    public const string MeterName = "EmotionGrid";

    private readonly Meter _meter;
    private readonly Counter<long> _files;
    private readonly Histogram<double> _embedSeconds;
    private readonly Counter<long> _predictions;
    private readonly Counter<long> _trainingRuns;

    public EmotionGridMetrics(IMeterFactory meters, FileWorkPool pool)
    {
        _meter = meters.Create(MeterName);
        _files = _meter.CreateCounter<long>("emotiongrid.files.processed", "{file}", "Files finished, by outcome (embedded, failed)");
        _embedSeconds = _meter.CreateHistogram<double>("emotiongrid.embed.duration", "s", "Time a file spent in the embedder",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _predictions = _meter.CreateCounter<long>("emotiongrid.predictions", "{prediction}", "Clips predicted, by outcome (ok, no_model, bad_audio)");
        _trainingRuns = _meter.CreateCounter<long>("emotiongrid.training.runs", "{run}", "Training runs finished, by outcome (succeeded, failed)");
        _meter.CreateObservableGauge("emotiongrid.files.queue_depth", () => pool.Waiting, "{file}", "Files waiting for a processing slot on this silo");
        _meter.CreateObservableGauge("emotiongrid.files.in_progress", () => pool.Running, "{file}", "Files being decoded and embedded on this silo");
    }

    public void FileFinished(string outcome) => _files.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Embedded(TimeSpan embedderTime) => _embedSeconds.Record(embedderTime.TotalSeconds);

    public void Predicted(string outcome) => _predictions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void TrainingFinished(string outcome) => _trainingRuns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
