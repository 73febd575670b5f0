namespace EmotionGrid.Audio.Features;

/// <summary>
/// Rising and falling slopes and peaks of a contour sampled every <see cref="StepSeconds"/>, after
/// openSMILE's rising/falling-slope functionals but with hysteresis: the contour is cut at its
/// turning points, a maximum or minimum counting only once the contour has moved at least δ away
/// from it (a zig-zag filter), so wiggles smaller than δ neither split a slope nor count as peaks.
/// Each part between turning points gives one slope (change ÷ duration, per second): rising parts
/// to <see cref="Rising"/>, falling parts (as positive magnitudes) to <see cref="Falling"/>. The
/// stretch before the first δ move is not a part; the last part ends at the last extreme.
/// </summary>
internal struct ContourSlopes
{
    public const double StepSeconds = AcousticFrameAnalyzer.HopLength / (double)AcousticFrameAnalyzer.SampleRate;

    public RunningMoments Rising;
    public RunningMoments Falling;

    /// <summary>Maxima confirmed by a rise of δ before and a fall of δ after.</summary>
    public int Peaks;

    /// <summary>Adds the parts of one contiguous stretch of the contour.</summary>
    public void Add(ReadOnlySpan<float> contour, double delta)
    {
        if (contour.Length < 2)
        {
            return;
        }

        int low = 0, high = 0, extreme = 0, turn = 0, direction = 0;
        for (var i = 1; i < contour.Length; i++)
        {
            var v = contour[i];
            if (direction == 0)
            {
                high = v > contour[high] ? i : high;
                low = v < contour[low] ? i : low;
                if (contour[high] - contour[low] >= delta)
                {
                    // The earlier extreme starts the first part; the later one is the running extreme.
                    direction = high > low ? 1 : -1;
                    turn = Math.Min(low, high);
                    extreme = Math.Max(low, high);
                }
            }
            else if (direction > 0)
            {
                if (v > contour[extreme])
                {
                    extreme = i;
                }
                else if (contour[extreme] - v >= delta)
                {
                    AddPart(contour, turn, extreme);
                    Peaks++;
                    (turn, extreme, direction) = (extreme, i, -1);
                }
            }
            else if (v < contour[extreme])
            {
                extreme = i;
            }
            else if (v - contour[extreme] >= delta)
            {
                AddPart(contour, turn, extreme);
                (turn, extreme, direction) = (extreme, i, 1);
            }
        }

        if (direction != 0)
        {
            AddPart(contour, turn, extreme);
        }
    }

    private void AddPart(ReadOnlySpan<float> contour, int from, int to)
    {
        if (to <= from)
        {
            return;
        }

        var slope = (contour[to] - (double)contour[from]) / ((to - from) * StepSeconds);
        if (slope > 0)
        {
            Rising.Add(slope);
        }
        else if (slope < 0)
        {
            Falling.Add(-slope);
        }
    }
}
