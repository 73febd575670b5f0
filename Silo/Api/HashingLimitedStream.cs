using System.Security.Cryptography;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// Read-through wrapper for an upload: computes the SHA-256 id while the bytes stream to storage and
/// stops with <see cref="UploadTooLargeException"/> as soon as the limit is passed (nothing is buffered).
/// </summary>
public sealed class HashingLimitedStream(Stream inner, long maxBytes, string what = "the upload") : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public string HashHex => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Account(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        if (BytesRead > maxBytes)
        {
            throw new UploadTooLargeException(maxBytes, what);
        }

        _hash.AppendData(data);
        return data.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>An upload or clip past <c>Gateway:MaxUploadBytes</c>; <paramref name="what"/> names it in the message.</summary>
public sealed class UploadTooLargeException(long maxBytes, string what)
    : IOException($"{what} is larger than the upload limit of {maxBytes} bytes (EmotionGrid:Gateway:MaxUploadBytes)")
{
    public long MaxBytes { get; } = maxBytes;
}
