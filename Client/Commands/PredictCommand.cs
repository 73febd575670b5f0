using System.CommandLine;
using System.Globalization;
using System.Net;
using EmotionGrid.Client.Api;
using EmotionGrid.Client.Output;
using EmotionGrid.Contracts.Predictions;

namespace EmotionGrid.Client.Commands;

/// <summary>
/// <c>emotiongrid predict FILE</c>: what was said in one clip (when the server transcribes) and its emotion by the active
/// model (<c>POST /api/predict</c>), with its confidence, every emotion's probability, the model version and embedder, and
/// for long clips the segment timeline with each segment's words.
/// <c>--speaker</c> names who speaks, so the server can normalise with that speaker's statistics; the answer says which
/// statistics it used (<c>normalisation</c>: speaker, global or none).
/// No model (409), a clip the decoder refuses (422), an empty (400) or too large (413) clip, or a missing file: exit 1.
/// </summary>
internal static class PredictCommand
{
    /// <summary>The text line when the server transcribed the clip and heard no words.</summary>
    internal const string NothingSaid = "(no words recognised)";

    public static Command Create(GlobalOptions options, CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A WAV file" };
        var speaker = SpeakerOption.Create("Who speaks in the clip (1–64 letters, digits, '.', '_' or '-'): normalise with their statistics");
        var command = new Command("predict", "Predict the emotion of a WAV file with the active model") { file, speaker };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(file)!, result.GetValue(speaker), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, string path, string? speaker, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"'{path}' is a folder; predict needs one WAV file");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"no such file: '{path}'");
        }

        var name = Path.GetFileName(path);
        PredictionResult prediction;
        try
        {
            prediction = await session.Api.PredictAsync(path, speaker, ct);
        }
        catch (EmotionGridApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new CliException(e.Message);
        }
        catch (EmotionGridApiException e) when (e.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
        {
            throw new CliException($"{name}: {e.Message}");
        }

        if (session.Json)
        {
            session.WriteJson(prediction);
            return ExitCodes.Ok;
        }

        Write(session, name, prediction);
        return ExitCodes.Ok;
    }

    private static void Write(CommandSession session, string name, PredictionResult p)
    {
        var output = session.Output;
        var rows = new List<(string Label, string Value)>
        {
            ("file", name),
        };
        if (p.Transcript is { } transcript)
        {
            // What was said comes before how it was said, as in the original app; no line at all when the server does not transcribe.
            rows.Add(("text", string.IsNullOrWhiteSpace(transcript.Text) ? NothingSaid : OneLine(transcript.Text)));
        }

        rows.AddRange(
        [
            ("emotion", p.Emotion),
            ("confidence", Percent(p.Confidence)),
            ("model", "v" + p.ModelVersion.ToString(CultureInfo.InvariantCulture)),
            ("embedder", p.Embedder),
            ("duration", Seconds(p.DurationSeconds)),
        ]);
        if (p.Speaker is { } who)
        {
            rows.Add(("speaker", who));
        }

        if (p.Normalisation is { } normalisation)
        {
            rows.Add(("normalisation", normalisation));
        }

        if (p.FileId is { } id)
        {
            rows.Add(("stored as", id));
        }

        var width = rows.Max(r => r.Label.Length);
        foreach (var (label, value) in rows)
        {
            output.WriteLine($"{label.PadRight(width)}  {value}");
        }

        output.WriteLine();
        var probabilities = new TextTable("emotion", "probability", "");
        foreach (var (emotion, probability) in p.Probabilities.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            probabilities.Add(emotion, Percent(probability).PadLeft("probability".Length), Bar(probability, session.Rich));
        }

        probabilities.Write(session);

        if (p.Segments is { Count: > 1 } segments)
        {
            output.WriteLine();
            output.WriteLine($"timeline ({segments.Count} segments):");
            // The text column only when something was said, so a server without transcription prints the timeline as before.
            var withText = segments.Any(s => !string.IsNullOrWhiteSpace(s.Text));
            var timeline = withText
                ? new TextTable("segment", "from", "to", "emotion", "confidence", "text")
                : new TextTable("segment", "from", "to", "emotion", "confidence");
            foreach (var s in segments)
            {
                string[] cells = [s.Index.ToString(CultureInfo.InvariantCulture), Clock(s.StartSeconds), Clock(s.EndSeconds), s.Emotion, Percent(s.Confidence)];
                timeline.Add(withText ? [.. cells, OneLine(s.Text ?? "")] : cells);
            }

            timeline.Write(session);
        }
    }

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    internal static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Bar(double probability, bool rich)
    {
        const int width = 20;
        var filled = (int)Math.Round(Math.Clamp(probability, 0, 1) * width);
        return new string(rich ? '█' : '#', filled);
    }

    private static string Seconds(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Clock(double seconds)
    {
        var time = TimeSpan.FromSeconds(seconds);
        var whole = time.ToString(time.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
        var tenths = (int)(time.Milliseconds / 100.0);
        return tenths == 0 ? whole : whole + "." + tenths.ToString(CultureInfo.InvariantCulture);
    }
}
