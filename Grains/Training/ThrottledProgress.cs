namespace EmotionGrid.Grains.Training;

/// <summary>Reports progress (0–1) at most every 2 %, one write at a time, so a fast grid search does not flood the registry.</summary>
internal sealed class ThrottledProgress(Func<double, Task> report) : IProgress<double>
{
    private readonly object _gate = new();
    private double _last = -1;
    private Task _pending = Task.CompletedTask;

    public void Report(double value)
    {
        lock (_gate)
        {
            if (value - _last < 0.02 || !_pending.IsCompleted)
            {
                return;
            }

            _last = value;
            _pending = report(value);
        }
    }
}
