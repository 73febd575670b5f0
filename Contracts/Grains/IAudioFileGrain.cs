namespace EmotionGrid.Contracts.Grains;

/// <summary>
/// One file's whole life, keyed by the content's SHA-256 id: read, decode, resample, embed, write the
/// <c>.npy</c>, move the audio, mark the catalog row, score it and tell training a labelled file arrived.
/// </summary>
public interface IAudioFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts processing the registered file, or joins the run already going; returns at once (the work runs
    /// on the silo's bounded pool). A finished file is left alone, so a repeated call is harmless.
    /// </summary>
    Task ProcessAsync();

    /// <summary>True while this activation is processing (or waiting for a pool slot for) the file.</summary>
    Task<bool> IsBusyAsync();
}
