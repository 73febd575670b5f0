namespace EmotionGrid.Learning;

/// <summary>Argument checks shared by every algorithm that takes rows of features.</summary>
internal static class Matrix
{
    /// <summary>The common row length; throws when <paramref name="x"/> is empty, ragged or holds a null row.</summary>
    public static int RequireRectangular(float[][] x, string paramName, int minRows = 1)
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.Length < minRows)
        {
            throw new ArgumentException($"at least {minRows} row(s) are needed, got {x.Length}", paramName);
        }

        var d = x[0]?.Length ?? throw new ArgumentException("row 0 is null", paramName);
        if (d == 0)
        {
            throw new ArgumentException("rows have no features", paramName);
        }

        for (var i = 1; i < x.Length; i++)
        {
            if (x[i] is null || x[i].Length != d)
            {
                throw new ArgumentException($"row {i} has {x[i]?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} features, row 0 has {d}", paramName);
            }
        }

        return d;
    }

    public static void RequireSameLength(int expected, int actual, string paramName)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"expected {expected} entries (one per row), got {actual}", paramName);
        }
    }

    public static void RequireDimension(int expected, int actual, string paramName)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"expected a vector of {expected} features, got {actual}", paramName);
        }
    }
}
