using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Storage.Vectors;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>
/// The spine on real speech: the 60 original 48 kHz files of RAVDESS actor 1 (two of them stereo)
/// dropped into the bucket of a real silo process.
/// </summary>
public sealed class EmbeddedModeEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Sixty_real_files_are_embedded_once_duplicates_alias_bad_files_fail_and_a_restart_redoes_nothing()
    {
        var sources = TestData.RavdessFiles("48k/Actor_01");
        Assert.Equal(60, sources.Length);
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path);
        await silo.StartAsync();

        // 1. Drop all 60: plain copies, plus a few written slowly in two halves.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < sources.Length; i++)
        {
            var name = Path.GetFileName(sources[i]);
            if (i % 15 == 0)
            {
                await root.DropSlowlyAsync(sources[i], name);
            }
            else
            {
                File.Copy(sources[i], Path.Combine(root.Folder("incoming"), name));
            }
        }

        var settled = await silo.WaitForSettledAsync(60, Patience);
        clock.Stop();
        output.WriteLine($"60 files (48 kHz, {sources.Sum(f => new FileInfo(f).Length) / 1e6:F1} MB) embedded in {clock.Elapsed.TotalSeconds:F1} s with {settled.Embedder}");
        Assert.Equal(60, settled.ByStatus[FileStatus.Embedded]);
        Assert.Equal(60, root.Files("processed").Length);
        Assert.Empty(root.Files("incoming"));
        Assert.Empty(root.Files("failed"));

        // 2. Every row describes its file, and every vector is a float32 .npy of the embedder's dimension.
        var files = (await silo.FilesAsync()).Items;
        Assert.Equal(60, files.Count);
        var expectedIds = sources.ToDictionary(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), Path.GetFileName);
        Assert.Equal(expectedIds.Keys.Order(), files.Select(f => f.Id).Order());
        Assert.All(files, f =>
        {
            Assert.Equal(expectedIds[f.Id], f.Name);
            Assert.Equal(48_000, f.SampleRate);
            Assert.InRange(f.DurationSeconds!.Value, 2.5, 6.0);
            Assert.Equal(settled.Embedder, f.Embedder);
        });
        Assert.Equal(2, files.Count(f => f.Channels == 2));
        var dimension = 0;
        foreach (var file in files)
        {
            var detail = (await silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{file.Id}"))!;
            var bytes = await silo.Client.GetByteArrayAsync($"/api/files/{file.Id}/vector");
            var (vector, shape) = NpyFormat.Read(new MemoryStream(bytes));
            Assert.Single(shape);
            Assert.Equal(detail.VectorDimension, vector.Length);
            Assert.All(vector, v => Assert.True(float.IsFinite(v)));
            Assert.True(File.Exists(Path.Combine(root.Path, detail.VectorBlob!)));
            dimension = vector.Length;
        }

        Assert.Equal(60, root.Files(Path.Combine("embeddings", settled.Embedder), "*.npy").Length);
        output.WriteLine($"vector dimension {dimension}");

        // Structured logs: every event about a file carries its id (the JSON file under logs/).
        var logLines = Directory.GetFiles(root.Folder("logs"), "silo-*.json").SelectMany(File.ReadLines).ToList();
        var embeddedEvents = logLines
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("MessageTemplate").GetString()!.StartsWith("Embedded ", StringComparison.Ordinal))
            .Select(e => e.GetProperty("Properties").GetProperty("FileId").GetString())
            .ToHashSet();
        Assert.True(embeddedEvents.SetEquals(expectedIds.Keys), "each file has one 'Embedded' log event carrying its FileId");

        // 3. The same content under another name adds no row: it becomes an alias and moves along.
        var original = files[0];
        File.Copy(Path.Combine(root.Path, (await DetailAsync(silo, original.Id)).AudioBlob), Path.Combine(root.Folder("incoming"), "copy of a file.wav"));
        await silo.WaitUntilAsync(() => Task.FromResult(root.Files("incoming").Length == 0), Patience, "the duplicate to move along");
        // The intake moves the blob, then records the alias with where it went: the alias lands a moment after the move.
        await silo.WaitUntilAsync(async () => (await DetailAsync(silo, original.Id)).Aliases.Contains("copy of a file.wav"), Patience, "the duplicate's alias");
        var afterDuplicate = await silo.StatusAsync();
        Assert.Equal(60, afterDuplicate.Total);

        // 4. A text file named .wav fails with a specific reason and moves to failed/; nothing else changes.
        await File.WriteAllTextAsync(Path.Combine(root.Folder("incoming"), "x.wav"), "this is not audio\n");
        var failed = await silo.WaitForAsync(async () => (await silo.FilesAsync("status=failed")).Items.FirstOrDefault(), Patience, "x.wav to fail");
        Assert.Equal("x.wav", failed.Name);
        Assert.Contains("not a WAV file", failed.Error);
        Assert.True(File.Exists(Path.Combine(root.Folder("failed"), "x.wav")));
        Assert.Equal(60, (await silo.StatusAsync()).ByStatus[FileStatus.Embedded]);

        // 5. A restart re-processes nothing: same rows, same attempts, no new vectors or moves.
        var before = (await silo.FilesAsync()).Items.ToDictionary(f => f.Id, f => f.UpdatedAt);
        await silo.StopAsync();
        await silo.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // several rescans
        var after = (await silo.FilesAsync()).Items;
        Assert.Equal(61, after.Count);
        Assert.All(after, f => Assert.Equal(before[f.Id], f.UpdatedAt));
        Assert.DoesNotContain("Embedded ", silo.Output, StringComparison.Ordinal);
        Assert.Equal(61, root.Files("processed").Length); // the 60 plus the alias copy
    }

    private static async Task<FileDetail> DetailAsync(SiloProcess silo, string id) =>
        (await silo.Client.GetFromJsonAsync<FileDetail>($"/api/files/{id}"))!;
}
