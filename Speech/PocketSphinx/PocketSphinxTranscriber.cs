using EmotionGrid.Audio.Transcription;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>
/// Offline speech-to-text with CMU PocketSphinx (libpocketsphinx3, the Debian 0.8+5prealpha build) and its
/// generic US English model: no network, no GPU, about 12× real time per core (<c>bench -- transcribe</c>). Each
/// <see cref="Start"/> is an independent session; decoders (not thread-safe, a model copy each) are pooled and
/// shared between sessions, and a transcript depends only on its own audio, never on which decoder decoded it.
/// </summary>
/// <remarks>
/// Confidence: each word's is its posterior probability in the decoder's word lattice (how much of the lattice's
/// probability mass goes through that word at that time), and a transcript's is the mean over its words. Both are
/// in [0, 1]; they rank hypotheses, they are not calibrated probabilities of being right.
/// </remarks>
public sealed class PocketSphinxTranscriber : ITranscriber, IDisposable
{
    private readonly DecoderPool _pool;
    private readonly PocketSphinxOptions _options;
    private readonly ILogger _logger;

    private PocketSphinxTranscriber(DecoderPool pool, PocketSphinxOptions options, int maxDecoders, ILogger logger)
    {
        _pool = pool;
        _options = options;
        _logger = logger;
        MaxDecoders = maxDecoders;
        Id = $"pocketsphinx-{options.Language}";
    }

    /// <summary><c>pocketsphinx-{language}</c>, e.g. <c>pocketsphinx-en-us</c>.</summary>
    public string Id { get; }

    /// <summary>Decoders this transcriber makes at most: utterances decoded at once.</summary>
    public int MaxDecoders { get; }

    /// <summary>
    /// Loads the library and one decoder (so a bad model shows here, not at the first file). Null with one clear
    /// reason, naming the path, when the library or the model is missing or does not load; never throws for those.
    /// </summary>
    public static PocketSphinxTranscriber? TryCreate(PocketSphinxOptions options, ILogger logger, out string reason)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.MaxUtteranceSeconds is < 3 or > 300 || !double.IsFinite(options.MaxUtteranceSeconds))
        {
            reason = $"MaxUtteranceSeconds must be between 3 and 300, not {options.MaxUtteranceSeconds}";
            return null;
        }

        if (!PocketSphinxLibrary.TryLoad(options.LibraryPath, out reason)
            || PocketSphinxModel.TryFind(options, out reason) is not { } model)
        {
            return null;
        }

        var arguments = model.Arguments(options.DecoderArguments);
        if (PocketSphinxDecoder.TryCreate(arguments, out reason) is not { } first)
        {
            return null;
        }

        var maxDecoders = options.MaxDecoders > 0 ? options.MaxDecoders : Environment.ProcessorCount;
        var transcriber = new PocketSphinxTranscriber(new DecoderPool(arguments, maxDecoders, first), options, maxDecoders, logger);
        logger.LogInformation("Transcriber {TranscriberId} ready: model {ModelPath}, up to {MaxDecoders} decoders",
            transcriber.Id, Path.GetDirectoryName(model.LanguageModel), maxDecoders);
        return transcriber;
    }

    public ITranscriptionSession Start() => new PocketSphinxSession(_pool, _options, _logger);

    public void Dispose() => _pool.Dispose();
}
