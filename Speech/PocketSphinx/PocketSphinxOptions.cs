namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>The <c>EmotionGrid:Transcription:PocketSphinx</c> settings.</summary>
public sealed record PocketSphinxOptions
{
    /// <summary>Where Debian's pocketsphinx-en-us puts the US English model.</summary>
    public const string DefaultModelPath = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>libpocketsphinx.so.3 (0.8+5prealpha); null tries the Debian/Ubuntu paths, then the loader's own search.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>
    /// The folder holding the acoustic model folder <c>{Language}/</c>, the language model <c>{Language}.lm.bin</c>
    /// and the dictionary <c>cmudict-{Language}.dict</c>; null is <see cref="DefaultModelPath"/>.
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>The model's language tag; it names the files under <see cref="ModelPath"/> and the transcriber's id.</summary>
    public string Language { get; init; } = "en-us";

    /// <summary>
    /// Decoders kept at most (each holds its own copy of the model, about 100 MB resident, and decodes one utterance at a
    /// time); 0 is one per processor.
    /// </summary>
    public int MaxDecoders { get; init; }

    /// <summary>
    /// Extra PocketSphinx arguments by their library names (<c>-lw</c> → <c>7</c>), applied after ours: for tuning
    /// and measurement, never needed for the defaults.
    /// </summary>
    public IReadOnlyDictionary<string, string> DecoderArguments { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Audio decoded as one utterance at most. A long recording is cut at the quietest moment between two thirds of
    /// this and this, so the decoder's search stays small and one decoder is never held for a whole file.
    /// </summary>
    public double MaxUtteranceSeconds { get; init; } = 30;

    /// <summary>
    /// Leave out leading and trailing silence (by frame energy) before decoding each utterance: the recogniser tends
    /// to hear short words in long silences. Word times still count from the start of the recording.
    /// </summary>
    public bool TrimSilence { get; init; } = true;
}
