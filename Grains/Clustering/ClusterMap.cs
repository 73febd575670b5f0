namespace EmotionGrid.Grains.Clustering;

/// <summary>
/// One k-means clustering of the embedded files of an embedder, with each file's 2-D PCA position, the
/// members nearest each centre,. Immutable.
/// </summary>
public sealed record ClusterMap(
    string Embedder,
    string Signature,
    int K,
    IReadOnlyList<string> FileIds,
    IReadOnlyList<string> Names,
    IReadOnlyList<int> Assignments,
    IReadOnlyList<(double X, double Y)> Points,
    IReadOnlyList<IReadOnlyList<string>> Representatives)
{
    public IEnumerable<string> Members(int cluster) =>
        Enumerable.Range(0, FileIds.Count).Where(i => Assignments[i] == cluster).Select(i => FileIds[i]);
}
