namespace EmotionGrid.Audio.Features;

/// <summary>
/// Count, mean and population standard deviation of a stream of values, from sums shifted by the
/// first value (so a constant stream has exactly zero spread and large offsets lose no precision).
/// Both are 0 for an empty stream, so an absent feature reads as 0 rather than NaN.
/// </summary>
internal struct RunningMoments
{
    private double _shift;
    private double _sum;
    private double _sumSquares;

    public int Count { get; private set; }

    public readonly double Mean => Count == 0 ? 0 : _shift + (_sum / Count);

    public readonly double StandardDeviation
    {
        get
        {
            if (Count == 0)
            {
                return 0;
            }

            var mean = _sum / Count;
            return Math.Sqrt(Math.Max(0, (_sumSquares / Count) - (mean * mean)));
        }
    }

    public void Add(double value)
    {
        if (Count == 0)
        {
            _shift = value;
        }

        var v = value - _shift;
        _sum += v;
        _sumSquares += v * v;
        Count++;
    }
}
