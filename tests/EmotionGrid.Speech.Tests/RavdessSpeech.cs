using EmotionGrid.Audio;
using EmotionGrid.Audio.Transcription;
using EmotionGrid.Speech.PocketSphinx;
using EmotionGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmotionGrid.Speech.Tests;

/// <summary>
/// Real RAVDESS clips with what is said in them (the file name's statement field), and one PocketSphinx
/// transcriber for the whole test assembly (each decoder loads the model: about a second). Tests that need the
/// library, the model or the data skip with the reason, or fail under EMOTIONGRID_REQUIRE_ALL=1.
/// </summary>
internal static class RavdessSpeech
{
    public const string Kids = "kids are talking by the door";
    public const string Dogs = "dogs are sitting by the door";

    private static readonly Lazy<(PocketSphinxTranscriber? Transcriber, string Reason)> Shared = new(() =>
    {
        var transcriber = PocketSphinxTranscriber.TryCreate(new PocketSphinxOptions { MaxDecoders = 8 }, NullLogger.Instance, out var reason);
        return (transcriber, reason);
    });

    /// <summary>The shared transcriber (default options, 8 decoders), or a skip with the reason it could not be made.</summary>
    public static PocketSphinxTranscriber RequireTranscriber()
    {
        var (transcriber, reason) = Shared.Value;
        if (transcriber is null)
        {
            Requirement.Unmet($"PocketSphinx is not available: {reason}");
        }

        return transcriber!;
    }

    /// <summary>
    /// Clips of one emotion (01 neutral, 02 calm, …) from each actor of <paramref name="actors"/>: normal
    /// intensity, first repetition, both sentences (kids, then dogs): (path, sentence).
    /// </summary>
    public static (string Path, string Sentence)[] Clips(string emotion, params int[] actors)
    {
        var files = TestData.RavdessFiles("16k", $"03-01-{emotion}-*.wav");
        var chosen = files
            .Where(f => actors.Contains(Actor(f)) && Field(f, 3) == "01" && Field(f, 5) == "01")
            .Select(f => (Path: f, Sentence: Field(f, 4) == "01" ? Kids : Dogs))
            .ToArray();
        if (chosen.Length == 0)
        {
            Requirement.Unmet($"no RAVDESS 16 kHz clips of emotion {emotion} for actors {string.Join(',', actors)}");
        }

        return chosen;
    }

    public static float[] Samples(string path)
    {
        using var stream = File.OpenRead(path);
        return new AudioFrontEnd().Prepare(stream).Samples;
    }

    public static SpeechTranscript Transcribe(ITranscriber transcriber, float[] samples, int pieceLength = int.MaxValue)
    {
        using var session = transcriber.Start();
        for (var start = 0; start < samples.Length; start += pieceLength)
        {
            session.Accept(samples.AsSpan(start, Math.Min(pieceLength, samples.Length - start)));
        }

        return session.Finish();
    }

    private static int Actor(string path) => int.Parse(Field(path, 6), System.Globalization.CultureInfo.InvariantCulture);

    private static string Field(string path, int index) => Path.GetFileNameWithoutExtension(path).Split('-')[index];
}
