namespace EmotionGrid.Testing;

/// <summary>A fresh data root under the temp folder, removed when disposed.</summary>
public sealed class TempDataRoot : IDisposable
{
    public TempDataRoot()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "emotiongrid-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Folder(string container) => System.IO.Path.Combine(Path, container);

    public string[] Files(string container, string pattern = "*") =>
        Directory.Exists(Folder(container)) ? Directory.GetFiles(Folder(container), pattern) : [];

    /// <summary>Drops a file into the bucket the way a slow copy does: written in pieces, then left alone.</summary>
    public async Task DropSlowlyAsync(string source, string name)
    {
        var bytes = await File.ReadAllBytesAsync(source);
        await using var target = new FileStream(System.IO.Path.Combine(Folder("incoming"), name), FileMode.CreateNew);
        var half = bytes.Length / 2;
        await target.WriteAsync(bytes.AsMemory(0, half));
        await target.FlushAsync();
        await Task.Delay(100);
        await target.WriteAsync(bytes.AsMemory(half));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
