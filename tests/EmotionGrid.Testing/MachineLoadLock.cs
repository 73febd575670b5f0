namespace EmotionGrid.Testing;

/// <summary>
/// <c>dotnet test</c> runs the test assemblies in parallel. Tests that load the whole machine (several silo processes
/// with their servers) and tests that measure latency take this machine-wide lock (an exclusive lock on a file in the
/// temp folder, so it also holds across processes), so one never runs inside the other's measurement.
/// </summary>
public static class MachineLoadLock
{
    private static readonly string LockFile = Path.Combine(Path.GetTempPath(), "emotiongrid-machine-load.lock");

    /// <summary>Waits (up to <paramref name="timeout"/>) until no other test holds the lock; dispose to release it.</summary>
    public static async Task<IDisposable> AcquireAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock on Linux: a second open fails while this one is held.
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
