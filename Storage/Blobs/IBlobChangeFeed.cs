namespace EmotionGrid.Storage.Blobs;

/// <summary>
/// Optional capability of a store that can push change hints (file-system events). The watcher still
/// rescans periodically, so a store without it (or a missed event) only delays pickup.
/// </summary>
public interface IBlobChangeFeed
{
    IDisposable Subscribe(string container, Action changed);
}
