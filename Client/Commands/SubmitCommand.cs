using System.CommandLine;
using System.Diagnostics;
using EmotionGrid.Client.Api;
using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Client.Commands;

/// <summary>
/// <c>emotiongrid submit PATH…</c>: uploads files and the <c>*.wav</c> files under folders, then waits until each
/// is <c>embedded</c> or <c>failed</c> and sums up. Exit 1 when any failed or a path does not exist. <c>--speaker</c> names
/// who speaks in every file submitted (over a speaker read from dataset file names).
/// </summary>
internal static class SubmitCommand
{
    /// <summary>One submitted file: <see cref="Id"/> is empty when the upload itself was refused.</summary>
    internal sealed record SubmittedFile(string Id, string Name, string Path, string Status, string? Error, string? Speaker = null);

    /// <summary>What <c>submit --json</c> writes.</summary>
    internal sealed record SubmitResult(int Submitted, int Embedded, int Failed, int Pending, IReadOnlyList<SubmittedFile> Files);

    public static Command Create(GlobalOptions options, CliContext context)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "WAV files, and folders searched recursively for *.wav",
            Arity = ArgumentArity.OneOrMore,
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once uploaded, without waiting for the files to be embedded" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Stop waiting after this many seconds (0: wait as long as it takes)",
            HelpName = "SECONDS",
        };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--timeout must be 0 or more seconds");
            }
        });

        var speaker = SpeakerOption.Create("Who speaks in every file submitted (1–64 letters, digits, '.', '_' or '-')");
        var command = new Command("submit", "Upload WAV files and folders and wait until each is embedded or failed") { paths, noWait, timeout, speaker };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(paths) ?? [], result.GetValue(speaker), result.GetValue(noWait), result.GetValue(timeout), token), ct));
        return command;
    }

    /// <summary>The files named and the <c>*.wav</c> (any case) under the folders named, each once, in a stable order.</summary>
    internal static List<string> ResolveFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var empty = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.wav", new EnumerationOptions
                {
                    RecurseSubdirectories = true,
                    MatchCasing = MatchCasing.CaseInsensitive,
                    IgnoreInaccessible = true,
                    AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
                }).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    empty.Add(path);
                }

                files.AddRange(found.Where(f => seen.Add(Path.GetFullPath(f))));
            }
            else
            {
                missing.Add(path);
            }
        }

        if (missing.Count > 0)
        {
            throw new CliException($"no such file or folder: {string.Join(", ", missing.Select(m => $"'{m}'"))}; nothing was submitted", ExitCodes.WorkFailed);
        }

        if (files.Count == 0)
        {
            throw new CliException($"no .wav files found in {string.Join(", ", empty.Select(e => $"'{e}'"))}", ExitCodes.WorkFailed);
        }

        return files;
    }

    private static async Task<int> RunAsync(CommandSession session, string[] paths, string? speaker, bool noWait, int timeoutSeconds, CancellationToken ct)
    {
        var files = ResolveFiles(paths);
        var submitted = new SubmittedFile[files.Count];
        var progress = SubmitProgress.For(session);
        await progress.RunAsync(files.Count, async () =>
        {
            await UploadAllAsync(session, files, speaker, submitted, progress, ct);
            if (!noWait)
            {
                await WaitAllAsync(session, submitted, progress, timeoutSeconds, ct);
            }
        });

        var result = new SubmitResult(
            submitted.Length,
            submitted.Count(f => f.Status == FileStatus.Embedded),
            submitted.Count(f => f.Status == FileStatus.Failed),
            submitted.Count(f => f.Status is not (FileStatus.Embedded or FileStatus.Failed)),
            submitted);
        if (session.Json)
        {
            session.WriteJson(result);
        }
        else
        {
            WriteSummary(session.Output, result, noWait);
        }

        if (result.Pending > 0 && !noWait)
        {
            session.Error.WriteLine($"emotiongrid: gave up waiting after {timeoutSeconds} s; {result.Pending} file(s) not finished yet");
        }

        return result.Failed > 0 || (result.Pending > 0 && !noWait) ? ExitCodes.WorkFailed : ExitCodes.Ok;
    }

    private static Task UploadAllAsync(CommandSession session, List<string> files, string? speaker, SubmittedFile[] submitted, SubmitProgress progress, CancellationToken ct) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, files.Count),
            new ParallelOptions { MaxDegreeOfParallelism = session.Context.Parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var path = files[i];
                var name = Path.GetFileName(path);
                try
                {
                    var uploaded = await session.Api.UploadAsync(path, speaker, token);
                    submitted[i] = new SubmittedFile(uploaded.Id, uploaded.Name, path, uploaded.Status, null, uploaded.Speaker);
                }
                catch (EmotionGridApiException e)
                {
                    submitted[i] = new SubmittedFile("", name, path, FileStatus.Failed, $"upload refused: {e.Message}");
                }
                catch (IOException e)
                {
                    submitted[i] = new SubmittedFile("", name, path, FileStatus.Failed, $"cannot read the file: {e.Message}");
                }
                catch (UnauthorizedAccessException e)
                {
                    submitted[i] = new SubmittedFile("", name, path, FileStatus.Failed, $"cannot read the file: {e.Message}");
                }

                progress.Uploaded(submitted[i]);
            });

    /// <summary>Polls each unfinished id (the same content under two names is one id) until all are embedded or failed.</summary>
    private static async Task WaitAllAsync(CommandSession session, SubmittedFile[] submitted, SubmitProgress progress, int timeoutSeconds, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var pending = submitted.Select((f, i) => (f, i))
            .Where(x => x.f.Id.Length > 0)
            .GroupBy(x => x.f.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).ToList(), StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var finished = new System.Collections.Concurrent.ConcurrentBag<(string Id, string Status, string? Error)>();
            await Parallel.ForEachAsync(
                pending.Keys.ToList(),
                new ParallelOptions { MaxDegreeOfParallelism = 2 * session.Context.Parallelism, CancellationToken = ct },
                async (id, token) =>
                {
                    try
                    {
                        var detail = await session.Api.GetAsync(id, token);
                        if (detail.File.Status is FileStatus.Embedded or FileStatus.Failed)
                        {
                            finished.Add((id, detail.File.Status, detail.File.Status == FileStatus.Failed ? detail.File.Error ?? "failed (no reason recorded)" : null));
                        }
                    }
                    catch (EmotionGridApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        finished.Add((id, FileStatus.Failed, $"the server no longer knows this file: {e.Message}"));
                    }
                });

            foreach (var (id, status, error) in finished)
            {
                foreach (var i in pending[id])
                {
                    submitted[i] = submitted[i] with { Status = status, Error = error };
                    progress.Finished(submitted[i]);
                }

                pending.Remove(id);
            }

            if (pending.Count == 0 || (timeoutSeconds > 0 && clock.Elapsed.TotalSeconds >= timeoutSeconds))
            {
                return;
            }

            await Task.Delay(session.Context.PollInterval, ct);
        }
    }

    private static void WriteSummary(TextWriter output, SubmitResult result, bool noWait)
    {
        if (noWait)
        {
            output.WriteLine($"{result.Submitted - result.Failed} submitted, {result.Failed} refused (not waiting: follow them with 'emotiongrid files')");
            foreach (var f in result.Files.Where(f => f.Id.Length > 0))
            {
                output.WriteLine(f.Speaker is null ? $"  {f.Id}  {f.Name}  {f.Status}" : $"  {f.Id}  {f.Name}  {f.Status}  speaker {f.Speaker}");
            }
        }
        else
        {
            var pending = result.Pending > 0 ? $", {result.Pending} not finished" : "";
            output.WriteLine($"{result.Embedded} embedded, {result.Failed} failed{pending}");
        }

        foreach (var f in result.Files.Where(f => f.Status == FileStatus.Failed))
        {
            output.WriteLine($"  failed: {f.Name}: {f.Error}");
        }
    }
}
