namespace EmotionGrid.Contracts.Files;

/// <summary>
/// Where a file's label came from, strongest first. A label is only replaced by one of equal or greater
/// strength, so a person's word is never overwritten by a file-name convention or a cluster name.
/// </summary>
public static class LabelSource
{
    /// <summary>Set on the file by a person (dashboard, <c>PUT /api/files/{id}/label</c>).</summary>
    public const string Manual = "manual";

    /// <summary>From a labels CSV.</summary>
    public const string Csv = "csv";

    /// <summary>From a dataset's file-name convention (RAVDESS, TESS, CREMA-D).</summary>
    public const string FileName = "filename";

    /// <summary>A weak label: a person named the file's cluster.</summary>
    public const string Cluster = "cluster";

    public static int Strength(string? source) => source switch
    {
        Manual => 4,
        Csv => 3,
        FileName => 2,
        Cluster => 1,
        _ => 0,
    };
}
