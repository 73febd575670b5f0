using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EmotionGrid.Storage.Blobs;
using System.Runtime.CompilerServices;
using BlobItem = EmotionGrid.Storage.Blobs.BlobItem;

namespace EmotionGrid.Storage.Azure;

/// <summary>
/// The bucket in one Azure Blob container (or Azurite): the key <c>incoming/a.wav</c> is the blob name
/// <c>incoming/a.wav</c>, so the port's containers are name prefixes. Block-blob commits are atomic, so
/// readers see a whole blob or none; moves are a server-side copy then a delete, made safe to repeat.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Metadata on a moved blob naming its source, so a move cut short before the delete can be finished.</summary>
    internal const string MovedFromMetadata = "emotiongridmovedfrom";

    /// <summary>The source's ETag when it was copied: the copy is of that exact version.</summary>
    internal const string MovedFromETagMetadata = "emotiongridmovedfrometag";

    /// <summary>Hidden names (never listed: they are not under a port container) for the permission probe.</summary>
    private const string ProbePrefix = ".emotiongrid-probe/";

    /// <summary>Upload in 8 MiB blocks, two at a time: bounded memory for any file size, up to 390 GiB per blob.</summary>
    private const int TransferBytes = 8 * 1024 * 1024;

    private const int MoveAttempts = 5;
    private readonly BlobContainerClient _container;
    private readonly int? _pageSize;

    /// <summary>Parses the options; throws <see cref="StorageConfigurationException"/> (one line) when they cannot work.</summary>
    public AzureBlobStore(AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateContainerName(options.Container);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new StorageConfigurationException("Azure Storage: no connection string is configured");
        }

        _pageSize = options.ListPageSize;
        var clientOptions = ClientOptions(options);
        try
        {
            _container = new BlobServiceClient(options.ConnectionString, clientOptions).GetBlobContainerClient(options.Container);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new StorageConfigurationException($"Azure Storage: {AzureStorageErrors.Cause(e)}", e);
        }
    }

    /// <summary>The container's address without any SAS query: safe to print.</summary>
    public string Endpoint => _container.Uri.GetLeftPart(UriPartial.Path);

    public string ContainerName => _container.Name;

    /// <summary>
    /// Creates the container if missing (several silos may race: the losers' 409 is success) and checks that the
    /// credentials can list, write, read and delete, so a wrong key or a missing permission stops the silo at start
    /// rather than failing every file. Throws <see cref="StorageConfigurationException"/> with a one-line cause.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await EnsureContainerAsync(cancellationToken);
            await ProbeAsync(cancellationToken);
        }
        catch (Exception e) when (e is not StorageConfigurationException && !cancellationToken.IsCancellationRequested)
        {
            throw new StorageConfigurationException(AzureStorageErrors.Describe(e, Endpoint), e);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            return await AzureBlobReadStream.OpenAsync(blob, key, cancellationToken);
        }
        catch (RequestFailedException e) when (IsBlobNotFound(e))
        {
            throw new BlobNotFoundException(key);
        }
    }

    /// <summary>
    /// Streams the content up in bounded blocks; the blob appears only when the block list is committed, and
    /// without <paramref name="overwrite"/> the commit is conditional (If-None-Match: *), so of racing writers one wins.
    /// </summary>
    public async Task WriteAsync(string key, Stream content, bool overwrite, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        ArgumentNullException.ThrowIfNull(content);
        var options = new BlobUploadOptions
        {
            Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
            TransferOptions = new StorageTransferOptions { InitialTransferSize = TransferBytes, MaximumTransferSize = TransferBytes, MaximumConcurrency = 2 },
        };
        try
        {
            await blob.UploadAsync(content, options, cancellationToken);
        }
        catch (RequestFailedException e) when (!overwrite && IsAlreadyThere(e))
        {
            throw new BlobAlreadyExistsException(key);
        }
    }

    public async Task<BlobItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var properties = await PropertiesOrNullAsync(Blob(key), cancellationToken);
        return properties is null ? null : new BlobItem(key, properties.ContentLength, properties.LastModified);
    }

    /// <summary>A hierarchy listing (delimiter '/') returns the direct children only, page by page.</summary>
    public async IAsyncEnumerable<BlobItem> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = Folder(prefix);
        var options = new GetBlobsByHierarchyOptions { Delimiter = "/", Prefix = folder };
        await foreach (var page in _container.GetBlobsByHierarchyAsync(options, cancellationToken).AsPages(pageSizeHint: _pageSize))
        {
            foreach (var item in page.Values)
            {
                if (item.IsBlob && item.Blob.Name[folder.Length] != '.')
                {
                    var properties = item.Blob.Properties;
                    yield return new BlobItem(item.Blob.Name, properties.ContentLength ?? 0, properties.LastModified ?? DateTimeOffset.MinValue);
                }
            }
        }
    }

    /// <summary>
    /// Copies server-side (If-None-Match: * on the destination, If-Match on the source's version), then deletes that
    /// version of the source. The copy carries the source's key and ETag, so when a crash left both behind, a retry
    /// recognises its own copy and just deletes the source; any other blob at the destination means false, as on disk.
    /// </summary>
    public async Task<bool> TryMoveAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        var source = Blob(sourceKey);
        var destination = Blob(destinationKey);
        for (var attempt = 1; attempt <= MoveAttempts; attempt++)
        {
            var sourceETag = (await PropertiesOrNullAsync(source, cancellationToken) ?? throw new BlobNotFoundException(sourceKey)).ETag;
            if (!await CopyForMoveAsync(source, sourceKey, sourceETag, destination, cancellationToken))
            {
                var existing = await PropertiesOrNullAsync(destination, cancellationToken);
                if (existing is null)
                {
                    continue; // refused because the source changed or went away: look at it again
                }

                if (!IsCopyOf(existing, sourceKey, sourceETag))
                {
                    return false;
                }
            }

            await DeleteVersionAsync(source, sourceETag, cancellationToken);
            return true;
        }

        throw new IOException($"could not move '{sourceKey}': it changed during each of {MoveAttempts} attempts");
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await Blob(key).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>Reads the container's properties; throws an <see cref="IOException"/> with a one-line cause when that fails.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _container.GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException(AzureStorageErrors.Describe(e, Endpoint), e);
        }
    }

    /// <summary>
    /// The copy step of a move, on its own so tests can leave a move half done. True when copied; false when
    /// refused: the destination exists, or the source is no longer <paramref name="sourceETag"/>.
    /// </summary>
    internal async Task<bool> CopyForMoveAsync(BlobClient source, string sourceKey, ETag sourceETag, BlobClient destination, CancellationToken cancellationToken)
    {
        var options = new BlobCopyFromUriOptions
        {
            Metadata = new Dictionary<string, string>
            {
                [MovedFromMetadata] = Uri.EscapeDataString(sourceKey),
                [MovedFromETagMetadata] = ETagText(sourceETag),
            },
            SourceConditions = new BlobRequestConditions { IfMatch = sourceETag },
            DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        CopyFromUriOperation copy;
        try
        {
            copy = await destination.StartCopyFromUriAsync(source.Uri, options, cancellationToken);
        }
        catch (RequestFailedException e) when (IsAlreadyThere(e) || IsBlobNotFound(e))
        {
            return false;
        }

        await WaitForCopyAsync(copy, destination, cancellationToken);
        return true;
    }

    internal BlobClient Blob(string key)
    {
        BlobKey.Validate(key);
        return _container.GetBlobClient(key);
    }

    /// <summary>Same-account copies finish at once (always on Azurite); a pending one is awaited, a failed one removed.</summary>
    private static async Task WaitForCopyAsync(CopyFromUriOperation copy, BlobClient destination, CancellationToken cancellationToken)
    {
        if (copy.GetRawResponse().Headers.TryGetValue("x-ms-copy-status", out var status) && status == "success")
        {
            return;
        }

        try
        {
            await copy.WaitForCompletionAsync(TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (RequestFailedException)
        {
            await destination.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
    }

    /// <summary>Deletes the source only if it is still the version that was copied; a newer one stays to be picked up.</summary>
    private static async Task DeleteVersionAsync(BlobClient source, ETag version, CancellationToken cancellationToken)
    {
        try
        {
            await source.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = version }, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Overwritten since the copy: the copied version has moved; the new content is a new arrival.
        }
    }

    private static bool IsCopyOf(BlobProperties destination, string sourceKey, ETag sourceETag) =>
        destination.CopyStatus == CopyStatus.Success
        && destination.Metadata.TryGetValue(MovedFromMetadata, out var movedFrom) && movedFrom == Uri.EscapeDataString(sourceKey)
        && destination.Metadata.TryGetValue(MovedFromETagMetadata, out var etag) && etag == ETagText(sourceETag);

    private static string ETagText(ETag etag) => etag.ToString().Trim('"');

    private static async Task<BlobProperties?> PropertiesOrNullAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (IsBlobNotFound(e))
        {
            return null;
        }
    }

    /// <summary>
    /// CreateIfNotExists turns the 409 of a container that another silo just created into success. A container
    /// being deleted comes back after up to a minute on Azure: wait. A container-scoped SAS may not create
    /// containers at all: then the probe tells whether the container is there and usable.
    /// </summary>
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerBeingDeleted && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 403 && !AzureStorageErrors.IsCredentialsRefused(e))
            {
                return;
            }
        }
    }

    /// <summary>Lists, writes, reads and deletes a hidden probe blob: every permission the bucket needs, checked once.</summary>
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = ProbePrefix }, cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            throw new StorageConfigurationException(
                $"Azure Storage at {Endpoint}: the container does not exist and these credentials cannot create it (create it, or grant create)", e);
        }

        var probe = _container.GetBlobClient($"{ProbePrefix}{Guid.NewGuid():N}");
        await probe.UploadAsync(BinaryData.FromString("probe"), cancellationToken);
        await probe.DownloadContentAsync(cancellationToken);
        await probe.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The prefix of a port container (or folder in one), validated like a key so "", "../" or "/x" are refused.</summary>
    private static string Folder(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var folder = prefix.TrimEnd('/');
        BlobKey.Validate(folder + "/_");
        return folder + "/";
    }

    private static bool IsBlobNotFound(RequestFailedException e) => e.Status == 404 && e.ErrorCode != BlobErrorCode.ContainerNotFound;

    /// <summary>409 BlobAlreadyExists or 412: what a conditional create answers when the blob exists (Azurite says 412 too).</summary>
    private static bool IsAlreadyThere(RequestFailedException e) => e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 412;

    private static BlobClientOptions ClientOptions(AzureBlobStoreOptions options)
    {
        var client = options.ServiceVersion is null ? new BlobClientOptions() : new BlobClientOptions(ParseServiceVersion(options.ServiceVersion));
        client.Retry.Mode = RetryMode.Exponential;
        client.Retry.MaxRetries = options.MaxRetries;
        client.Retry.NetworkTimeout = options.NetworkTimeout;
        return client;
    }

    /// <summary>Whether the SDK speaks service version <paramref name="text"/> (<c>2026-06-06</c>); the silo's settings check uses it.</summary>
    public static bool IsKnownServiceVersion(string text) => TryParseServiceVersion(text, out _);

    /// <summary>Azure's container-name rule: 3–63 of a-z, 0-9 and '-', starting with a letter or digit, no "--", not ending in '-'.</summary>
    public static bool IsValidContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);

    private static bool TryParseServiceVersion(string text, out BlobClientOptions.ServiceVersion version) =>
        Enum.TryParse("V" + text.Trim().Replace('-', '_'), out version) && Enum.IsDefined(version);

    /// <summary><c>2026-06-06</c> → <see cref="BlobClientOptions.ServiceVersion.V2026_06_06"/>.</summary>
    internal static BlobClientOptions.ServiceVersion ParseServiceVersion(string text)
    {
        if (TryParseServiceVersion(text, out var version))
        {
            return version;
        }

        var newest = Enum.GetValues<BlobClientOptions.ServiceVersion>().Max().ToString()[1..].Replace('_', '-');
        throw new StorageConfigurationException(
            $"Azure Storage: service version '{text}' is not one this SDK speaks (yyyy-MM-dd up to {newest}; Azurite 3.37 needs 2026-06-06 or older)");
    }

    private static void ValidateContainerName(string? name)
    {
        if (!IsValidContainerName(name))
        {
            throw new StorageConfigurationException(
                $"Azure Storage: container name '{name}' is invalid (3-63 characters of a-z, 0-9 and '-', starting with a letter or digit)");
        }
    }
}

/// <summary>
/// A blob read as one streaming GET of the version that was opened, with its length known (the WAV reader and
/// range requests use it). Seeking reopens at the new offset with If-Match on that version, so a reader never
/// mixes two versions of a blob that is overwritten meanwhile: it gets an <see cref="IOException"/> instead.
/// </summary>
internal sealed class AzureBlobReadStream : Stream
{
    /// <summary>A forward seek up to this far reads and drops bytes instead of starting a new request.</summary>
    private const int SkipByReading = 256 * 1024;

    private readonly BlobClient _blob;
    private readonly string _key;
    private readonly ETag _version;
    private Stream? _body;
    private long _bodyPosition;
    private long _position;
    private bool _disposed;

    private AzureBlobReadStream(BlobClient blob, string key, BlobDownloadStreamingResult opened)
    {
        _blob = blob;
        _key = key;
        _version = opened.Details.ETag;
        Length = opened.Details.ContentLength;
        _body = opened.Content;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public static async Task<AzureBlobReadStream> OpenAsync(BlobClient blob, string key, CancellationToken cancellationToken) =>
        new(blob, key, (await blob.DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken)).Value);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= Length)
        {
            return 0;
        }

        if (!AtPosition())
        {
            try
            {
                Reopen(_blob.DownloadStreaming(RangeFrom(_position)).Value);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                throw Changed(e);
            }
        }

        return Advance(_body!.Read(buffer));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= Length)
        {
            return 0;
        }

        if (!await AtPositionAsync(cancellationToken))
        {
            try
            {
                Reopen((await _blob.DownloadStreamingAsync(RangeFrom(_position), cancellationToken)).Value);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                throw Changed(e);
            }
        }

        return Advance(await _body!.ReadAsync(buffer, cancellationToken));
    }

    /// <summary>Only moves the position: the next read starts a request there (or skips a few bytes forward).</summary>
    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("an attempt was made to move the position before the beginning of the blob");
        }

        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_body is not null)
        {
            await _body.DisposeAsync();
        }

        _disposed = true;
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body?.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>True when the open response is at the position, after dropping a short forward gap.</summary>
    private bool AtPosition()
    {
        if (_body is null || _position < _bodyPosition || _position - _bodyPosition > SkipByReading)
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[4096];
        while (_bodyPosition < _position)
        {
            var read = _body.Read(scratch[..(int)Math.Min(scratch.Length, _position - _bodyPosition)]);
            _bodyPosition += read > 0 ? read : throw Truncated();
        }

        return true;
    }

    private async ValueTask<bool> AtPositionAsync(CancellationToken cancellationToken)
    {
        if (_body is null || _position < _bodyPosition || _position - _bodyPosition > SkipByReading)
        {
            return false;
        }

        var scratch = new byte[4096];
        while (_bodyPosition < _position)
        {
            var read = await _body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _position - _bodyPosition)), cancellationToken);
            _bodyPosition += read > 0 ? read : throw Truncated();
        }

        return true;
    }

    private BlobDownloadOptions RangeFrom(long offset) => new()
    {
        Range = new HttpRange(offset),
        Conditions = new BlobRequestConditions { IfMatch = _version },
    };

    private void Reopen(BlobDownloadStreamingResult response)
    {
        _body?.Dispose();
        _body = response.Content;
        _bodyPosition = _position;
    }

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw Truncated();
        }

        _position += read;
        _bodyPosition += read;
        return read;
    }

    private IOException Changed(Exception e) => new($"blob '{_key}' was overwritten or deleted while it was being read", e);

    private IOException Truncated() => new($"blob '{_key}' ended at byte {_bodyPosition} of {Length}");
}
