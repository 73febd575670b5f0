namespace EmotionGrid.Onnx;

/// <summary>Where a session's model comes from: a file path or the model's bytes.</summary>
internal sealed class OnnxModelSource
{
    private OnnxModelSource(string? path, byte[]? bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    public string? Path { get; }

    public byte[]? Bytes { get; }

    /// <summary>For messages: the file name, or the size of the bytes.</summary>
    public string Description => Path ?? $"{Bytes!.Length} bytes";

    public static OnnxModelSource FromPath(string path) => new(System.IO.Path.GetFullPath(path), null);

    public static OnnxModelSource FromBytes(byte[] bytes) => new(null, bytes);
}
