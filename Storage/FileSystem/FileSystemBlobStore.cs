using EmotionGrid.Storage.Blobs;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EmotionGrid.Storage.FileSystem;

/// <summary>
/// Blob store on a local folder: each container is a sub-folder of <c>root</c>. Writes go to a hidden
/// temp file and are renamed into place, so readers (and the watcher) never see half a blob.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore, IBlobChangeFeed
{
    private const string TempFolder = ".tmp";
    private readonly string _root;

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, TempFolder));
        foreach (var container in BlobContainers.All)
        {
            Directory.CreateDirectory(Path.Combine(_root, container));
        }
    }

    public string Root => _root;

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(key);
        }
    }

    public async Task WriteAsync(string key, Stream content, bool overwrite, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!overwrite && File.Exists(path))
        {
            throw new BlobAlreadyExistsException(key);
        }

        var temp = Path.Combine(_root, TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (overwrite)
            {
                File.Move(temp, path, overwrite: true);
            }
            else if (!TryLink(temp, path))
            {
                throw new BlobAlreadyExistsException(key);
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<BlobItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? new BlobItem(key, info.Length, info.LastWriteTimeUtc) : null);
    }

    public async IAsyncEnumerable<BlobItem> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var container = prefix.TrimEnd('/');

        // The prefix names a container (or a folder in one): validated as the folder of a key in it, so
        // "../", "/etc/" or "" cannot list folders outside the bucket.
        var folder = Path.GetDirectoryName(PathOf(container + "/_"))!;
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var info in new DirectoryInfo(folder).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (info.Name.StartsWith('.'))
            {
                continue;
            }

            yield return new BlobItem($"{container}/{info.Name}", info.Length, info.LastWriteTimeUtc);
        }

        await Task.CompletedTask;
    }

    public Task<bool> TryMoveAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        var source = PathOf(sourceKey);
        var destination = PathOf(destinationKey);
        if (!File.Exists(source))
        {
            throw new BlobNotFoundException(sourceKey);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        // A hard link fails when the destination exists, which makes "move without overwrite" atomic;
        // File.Move(overwrite: false) checks and renames in two steps on Linux.
        if (!TryLink(source, destination))
        {
            return Task.FromResult(false);
        }

        File.Delete(source);
        return Task.FromResult(true);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // The key's folder does not exist, so neither does the blob: absent blobs are not an error.
        }

        return Task.CompletedTask;
    }

    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Path.Combine(_root, BlobContainers.Incoming)))
        {
            throw new DirectoryNotFoundException($"the bucket folder {_root} is not reachable");
        }

        return Task.CompletedTask;
    }

    public IDisposable Subscribe(string container, Action changed)
    {
        var watcher = new FileSystemWatcher(Path.Combine(_root, container))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler handler = (_, _) => changed();
        watcher.Created += handler;
        watcher.Changed += handler;
        watcher.Renamed += (_, _) => changed();
        watcher.Error += (_, _) => changed();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private string PathOf(string key)
    {
        BlobKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid blob key '{key}'", nameof(key));
        }

        return path;
    }

    private static bool TryLink(string existing, string newPath)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                // Callers delete the source after a successful link, which is a no-op after a move.
                File.Move(existing, newPath, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(newPath))
            {
                return false;
            }
        }

        if (PosixLink.Link(existing, newPath) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == PosixLink.EEXIST)
        {
            return false;
        }

        throw new IOException($"link('{existing}', '{newPath}') failed with errno {errno}");
    }
}

/// <summary>link(2): creates a new name for a file and fails with EEXIST instead of replacing one.</summary>
internal static partial class PosixLink
{
    internal const int EEXIST = 17;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Link(string oldPath, string newPath);
}
