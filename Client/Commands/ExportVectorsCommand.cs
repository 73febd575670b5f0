using System.CommandLine;
using System.Globalization;
using System.Text;
using EmotionGrid.Client.Api;
using EmotionGrid.Client.Output;
using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Client.Commands;

/// <summary>
/// <c>emotiongrid export-vectors DIR</c>: every embedded file's vector as <c>DIR/&lt;id&gt;.npy</c> and one
/// <c>DIR/files.csv</c> describing them (id, name, status, embedder, emotion, confidence, model_version).
/// </summary>
internal static class ExportVectorsCommand
{
    public const string CsvName = "files.csv";

    internal static readonly string[] CsvHeader = ["id", "name", "status", "embedder", "emotion", "confidence", "model_version"];

    /// <summary>What <c>export-vectors --json</c> writes.</summary>
    internal sealed record ExportResult(int Count, string Directory, string Csv, IReadOnlyList<string> Skipped);

    public static Command Create(GlobalOptions options, CliContext context)
    {
        var directory = new Argument<string>("DIR") { Description = "Folder to write <id>.npy files and files.csv into (created if missing)" };
        var command = new Command("export-vectors", "Download the vector of every embedded file, with a CSV describing them") { directory };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(directory)!, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, string directory, CancellationToken ct)
    {
        if (File.Exists(directory))
        {
            throw new CliException($"'{directory}' is a file; export-vectors needs a folder");
        }

        var embedded = await session.Api.ListAllAsync(FileStatus.Embedded, null, 0, session.Context.MaxPageSize, ct);
        Directory.CreateDirectory(directory);

        var exported = new bool[embedded.Items.Count];
        var skipped = new List<string>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, embedded.Items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = session.Context.Parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var file = embedded.Items[i];
                var target = Path.Combine(directory, file.Id + ".npy");
                var partial = Path.Combine(directory, "." + file.Id + ".npy.part");
                try
                {
                    await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81_920, useAsync: true))
                    {
                        await session.Api.DownloadVectorAsync(file.Id, stream, token);
                    }

                    File.Move(partial, target, overwrite: true);
                    exported[i] = true;
                }
                catch (EmotionGridApiException e)
                {
                    File.Delete(partial);
                    lock (skipped)
                    {
                        skipped.Add(file.Name);
                        session.Error.WriteLine($"emotiongrid: skipped {file.Name} ({file.Id}): {e.Message}");
                    }
                }
            });

        var rows = embedded.Items.Where((_, i) => exported[i])
            .OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        var csv = Path.Combine(directory, CsvName);
        var csvPartial = Path.Combine(directory, "." + CsvName + ".part");
        await using (var writer = new StreamWriter(csvPartial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            CsvWriter.WriteRow(writer, CsvHeader);
            foreach (var f in rows)
            {
                CsvWriter.WriteRow(writer, [
                    f.Id, f.Name, f.Status, f.Embedder, f.Emotion,
                    f.Confidence?.ToString("R", CultureInfo.InvariantCulture),
                    f.ModelVersion?.ToString(CultureInfo.InvariantCulture)]);
            }
        }

        File.Move(csvPartial, csv, overwrite: true);

        if (session.Json)
        {
            session.WriteJson(new ExportResult(rows.Count, Path.GetFullPath(directory), Path.GetFullPath(csv), skipped));
        }
        else
        {
            session.Output.WriteLine($"exported {rows.Count} vector{(rows.Count == 1 ? "" : "s")} to {directory} (index: {csv})");
        }

        return skipped.Count == 0 ? ExitCodes.Ok : ExitCodes.WorkFailed;
    }
}
