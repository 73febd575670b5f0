using System.Security.Cryptography;
using System.Text;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Storage.Tests;

/// <summary>
/// The behaviour every catalog adapter (<see cref="IFileCatalog"/> and <see cref="IFileCatalogQueries"/>) must have (SQLite now, PostgreSQL later).
/// An adapter's test class derives from this one and supplies a fresh, initialised, empty catalog per test.
/// </summary>
public abstract class FileCatalogContract<TCatalog>
    where TCatalog : IFileCatalog, IFileCatalogQueries
{
    /// <summary>A fresh, initialised, empty catalog.</summary>
    protected abstract Task<TCatalog> CreateCatalogAsync();

    /// <summary>
    /// Lets the catalog's clock move on, so the rows written next are strictly later. Not a timing assert:
    /// it only orders events. An adapter with a fake clock may advance it instead.
    /// </summary>
    protected virtual Task AdvanceClockAsync() => Task.Delay(20, Ct);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_of_a_new_file_registers_it_queued_with_no_attempts()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav", size: 4242);
        var before = DateTimeOffset.UtcNow;

        var outcome = await catalog.RegisterAsync(file, Ct);

        Assert.Equal(RegisterResult.Registered, outcome.Result);
        var record = outcome.Record;
        Assert.Equal(file.Id, record.Id);
        Assert.Equal("a.wav", record.Name);
        Assert.Equal(FileStatus.Queued, record.Status);
        Assert.Equal(0, record.Attempts);
        Assert.Equal(4242, record.SizeBytes);
        Assert.Equal(file.AudioBlob, record.AudioBlob);
        Assert.Null(record.PendingBlob);
        Assert.Null(record.Error);
        Assert.Null(record.VectorBlob);
        Assert.Null(record.Embedder);
        Assert.Null(record.DurationSeconds);
        Assert.Equal(TimeSpan.Zero, record.CreatedAt.Offset);
        Assert.Equal(TimeSpan.Zero, record.UpdatedAt.Offset);
        Assert.InRange(record.CreatedAt, before.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.True(record.UpdatedAt >= record.CreatedAt);
        Assert.Equal(record, await catalog.GetAsync(file.Id, Ct));
    }

    [Fact]
    public async Task GetAsync_of_an_unknown_id_is_null()
    {
        var catalog = await CreateCatalogAsync();

        Assert.Null(await catalog.GetAsync(Id("nothing"), Ct));
    }

    [Fact]
    public async Task Register_of_the_same_id_and_blob_is_AlreadyTracked()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        var first = await catalog.RegisterAsync(file, Ct);

        var again = await catalog.RegisterAsync(file, Ct);

        Assert.Equal(RegisterResult.AlreadyTracked, again.Result);
        Assert.Equal(first.Record, again.Record);
        Assert.Equal(1, (await catalog.CountByStatusAsync(Ct))[FileStatus.Queued]);
    }

    [Fact]
    public async Task Register_of_the_pending_blob_is_AlreadyTracked()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        await catalog.RegisterAsync(file, Ct);
        await catalog.SetPendingBlobAsync(file.Id, "processed/a.wav", Ct);

        var seenAtDestination = await catalog.RegisterAsync(file with { AudioBlob = "processed/a.wav" }, Ct);

        Assert.Equal(RegisterResult.AlreadyTracked, seenAtDestination.Result);
        Assert.Equal("incoming/a.wav", seenAtDestination.Record.AudioBlob);
    }

    [Fact]
    public async Task Register_of_the_same_id_under_another_blob_is_a_Duplicate_and_changes_nothing()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        var first = await catalog.RegisterAsync(file, Ct);

        var copy = await catalog.RegisterAsync(new NewFile(file.Id, "copy of a.wav", "incoming/copy of a.wav", file.SizeBytes), Ct);

        Assert.Equal(RegisterResult.Duplicate, copy.Result);
        Assert.Equal(first.Record, copy.Record);
        var stored = await catalog.GetAsync(file.Id, Ct);
        Assert.Equal(first.Record, stored);
        Assert.Equal("a.wav", stored!.Name);
        Assert.Equal("incoming/a.wav", stored.AudioBlob);
    }

    [Fact]
    public async Task Aliases_are_recorded_once_each_in_the_order_they_were_added()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        await catalog.RegisterAsync(file, Ct);
        Assert.Empty(await catalog.GetAliasesAsync(file.Id, Ct));

        await catalog.AddAliasAsync(file.Id, "zebra.wav", "processed/zebra.wav", Ct);
        await AdvanceClockAsync();
        await catalog.AddAliasAsync(file.Id, "apple.wav", "processed/apple.wav", Ct);
        await AdvanceClockAsync();
        await catalog.AddAliasAsync(file.Id, "zebra.wav", "processed/zebra.wav", Ct); // idempotent
        await catalog.AddAliasAsync(file.Id, "mango.wav", "processed/mango.wav", Ct);

        Assert.Equal(["zebra.wav", "apple.wav", "mango.wav"], await catalog.GetAliasesAsync(file.Id, Ct));
        Assert.Empty(await catalog.GetAliasesAsync(Id("other"), Ct));
    }

    [Fact]
    public async Task TryStartProcessing_moves_queued_to_processing_and_counts_attempts_until_finished()
    {
        var catalog = await CreateCatalogAsync();
        var embedded = NewFile("e.wav");
        var failed = NewFile("f.wav");
        await catalog.RegisterAsync(embedded, Ct);
        await catalog.RegisterAsync(failed, Ct);

        Assert.True(await catalog.TryStartProcessingAsync(embedded.Id, TestLease.Owner, Ct));
        var processing = (await catalog.GetAsync(embedded.Id, Ct))!;
        Assert.Equal(FileStatus.Processing, processing.Status);
        Assert.Equal(1, processing.Attempts);

        // A crash mid-processing: the restart takes it again.
        Assert.True(await catalog.TryStartProcessingAsync(embedded.Id, TestLease.Owner, Ct));
        Assert.Equal(2, (await catalog.GetAsync(embedded.Id, Ct))!.Attempts);

        await catalog.MarkEmbeddedAsync(embedded.Id, Result(), cancellationToken: Ct);
        Assert.False(await catalog.TryStartProcessingAsync(embedded.Id, TestLease.Owner, Ct));
        var done = (await catalog.GetAsync(embedded.Id, Ct))!;
        Assert.Equal(FileStatus.Embedded, done.Status);
        Assert.Equal(2, done.Attempts);

        Assert.True(await catalog.TryStartProcessingAsync(failed.Id, TestLease.Owner, Ct));
        await catalog.MarkFailedAsync(failed.Id, "bad header", "failed/f.wav", cancellationToken: Ct);
        Assert.False(await catalog.TryStartProcessingAsync(failed.Id, TestLease.Owner, Ct));
        var gaveUp = (await catalog.GetAsync(failed.Id, Ct))!;
        Assert.Equal(FileStatus.Failed, gaveUp.Status);
        Assert.Equal(1, gaveUp.Attempts);

        Assert.False(await catalog.TryStartProcessingAsync(Id("unknown"), TestLease.Owner, Ct));
    }

    [Fact]
    public async Task A_live_lease_keeps_other_owners_out_and_lets_its_owner_start_again()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("leased.wav");
        await catalog.RegisterAsync(file, Ct);
        var mine = new FileLease("silo-a", TimeSpan.FromMinutes(5));
        var theirs = new FileLease("silo-b", TimeSpan.FromMinutes(5));

        Assert.True(await catalog.TryStartProcessingAsync(file.Id, mine, Ct));
        Assert.False(await catalog.TryStartProcessingAsync(file.Id, theirs, Ct));
        var held = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(("silo-a", 1), (held.LeaseOwner, held.Attempts));
        Assert.NotNull(held.LeaseExpiresAt);
        Assert.InRange(held.LeaseExpiresAt!.Value - held.UpdatedAt, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));

        // The same owner (a restarted run on the same silo) may start again; the attempt counts.
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, mine, Ct));
        Assert.Equal(2, (await catalog.GetAsync(file.Id, Ct))!.Attempts);
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_owner_can_no_longer_renew()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("expired.wav");
        await catalog.RegisterAsync(file, Ct);

        Assert.True(await catalog.TryStartProcessingAsync(file.Id, new FileLease("silo-a", TimeSpan.FromMilliseconds(1)), Ct));
        await AdvanceClockAsync();
        var next = new FileLease("silo-b", TimeSpan.FromMinutes(5));
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, next, Ct));

        var taken = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(("silo-b", 2, FileStatus.Processing), (taken.LeaseOwner, taken.Attempts, taken.Status));
        Assert.False(await catalog.RenewLeaseAsync(file.Id, new FileLease("silo-a", TimeSpan.FromMinutes(5)), Ct));
        Assert.True(await catalog.RenewLeaseAsync(file.Id, next, Ct));
    }

    [Fact]
    public async Task A_dead_owners_live_lease_is_taken_over_at_once_but_only_from_that_owner()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("orphan.wav");
        await catalog.RegisterAsync(file, Ct);
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, new FileLease("silo-a", TimeSpan.FromMinutes(5)), Ct));

        Assert.False(await catalog.TryStartProcessingAsync(file.Id, new FileLease("silo-b", TimeSpan.FromMinutes(5), TakeOverFrom: "silo-c"), Ct));
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, new FileLease("silo-b", TimeSpan.FromMinutes(5), TakeOverFrom: "silo-a"), Ct));
        Assert.Equal("silo-b", (await catalog.GetAsync(file.Id, Ct))!.LeaseOwner);
    }

    [Fact]
    public async Task RenewLease_extends_only_a_processing_row_of_its_owner()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("renewed.wav");
        await catalog.RegisterAsync(file, Ct);
        var lease = new FileLease("silo-a", TimeSpan.FromSeconds(30));

        Assert.False(await catalog.RenewLeaseAsync(file.Id, lease, Ct)); // queued: nothing to renew
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, lease, Ct));
        var before = (await catalog.GetAsync(file.Id, Ct))!.LeaseExpiresAt!.Value;
        await AdvanceClockAsync();
        Assert.True(await catalog.RenewLeaseAsync(file.Id, lease with { Duration = TimeSpan.FromMinutes(10) }, Ct));
        Assert.True((await catalog.GetAsync(file.Id, Ct))!.LeaseExpiresAt > before);

        await catalog.MarkEmbeddedAsync(file.Id, Result(), cancellationToken: Ct);
        Assert.False(await catalog.RenewLeaseAsync(file.Id, lease, Ct));
        var done = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(("silo-a", (DateTimeOffset?)null), (done.LeaseOwner, done.LeaseExpiresAt));
    }

    [Fact]
    public async Task Only_the_lease_holder_can_finish_a_file()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("finished-once.wav");
        await catalog.RegisterAsync(file, Ct);
        var old = new FileLease("silo-a", TimeSpan.FromMilliseconds(1));
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, old, Ct));
        await AdvanceClockAsync();
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, new FileLease("silo-b", TimeSpan.FromMinutes(5)), Ct));

        // The old holder finishing late changes nothing; the new holder's outcome stands.
        Assert.False(await catalog.MarkEmbeddedAsync(file.Id, Result(), "silo-a", Ct));
        Assert.False(await catalog.MarkFailedAsync(file.Id, "late", "failed/x.wav", "silo-a", Ct));
        Assert.Equal(FileStatus.Processing, (await catalog.GetAsync(file.Id, Ct))!.Status);
        Assert.True(await catalog.MarkFailedAsync(file.Id, "bad header", "failed/x.wav", "silo-b", Ct));
        Assert.False(await catalog.MarkEmbeddedAsync(file.Id, Result(), "silo-b", Ct)); // finished: never twice
        var row = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal((FileStatus.Failed, "bad header"), (row.Status, row.Error));
    }

    [Fact]
    public async Task Release_hands_the_file_back_at_once_without_counting_the_attempt()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("released.wav");
        await catalog.RegisterAsync(file, Ct);
        var lease = new FileLease("silo-a", TimeSpan.FromMinutes(5));
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, lease, Ct));

        Assert.False(await catalog.ReleaseAsync(file.Id, lease with { Owner = "silo-b" }, Ct));
        Assert.True(await catalog.ReleaseAsync(file.Id, lease, Ct));
        var released = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal((FileStatus.Processing, 0), (released.Status, released.Attempts));

        await AdvanceClockAsync();
        Assert.True(await catalog.TryStartProcessingAsync(file.Id, new FileLease("silo-b", TimeSpan.FromMinutes(5)), Ct));
        Assert.Equal(1, (await catalog.GetAsync(file.Id, Ct))!.Attempts);
    }

    [Fact]
    public async Task Concurrent_starts_by_many_owners_have_exactly_one_winner()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("raced.wav");
        await catalog.RegisterAsync(file, Ct);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await catalog.TryStartProcessingAsync(file.Id, new FileLease($"silo-{i}", TimeSpan.FromMinutes(5)), Ct);
        }, Ct)).ToArray();
        start.SetResult();

        var won = await Task.WhenAll(attempts);

        var winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
        var row = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(($"silo-{winner}", 1), (row.LeaseOwner, row.Attempts));
    }

    [Fact]
    public async Task FindByBlob_finds_a_file_by_its_audio_or_its_pending_blob()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        var other = NewFile("b.wav");
        await catalog.RegisterAsync(file, Ct);
        await catalog.RegisterAsync(other, Ct);

        await catalog.SetPendingBlobAsync(file.Id, "processed/a.wav", Ct);

        var byPending = await catalog.FindByBlobAsync("processed/a.wav", Ct);
        Assert.NotNull(byPending);
        Assert.Equal(file.Id, byPending.Id);
        Assert.Equal("processed/a.wav", byPending.PendingBlob);
        Assert.Equal("incoming/a.wav", byPending.AudioBlob);
        Assert.Equal(file.Id, (await catalog.FindByBlobAsync("incoming/a.wav", Ct))?.Id);
        Assert.Equal(other.Id, (await catalog.FindByBlobAsync("incoming/b.wav", Ct))?.Id);
        Assert.Null(await catalog.FindByBlobAsync("processed/b.wav", Ct));
    }

    [Fact]
    public async Task MarkEmbedded_fills_every_field_and_clears_pending_and_error()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav", size: 96_044);
        await catalog.RegisterAsync(file, Ct);
        await catalog.TryStartProcessingAsync(file.Id, TestLease.Owner, Ct);
        await catalog.MarkFailedAsync(file.Id, "transient", "incoming/a.wav", cancellationToken: Ct);
        await catalog.SetPendingBlobAsync(file.Id, "processed/a.wav", Ct);

        await catalog.MarkEmbeddedAsync(
            file.Id,
            new EmbeddingResult(3.2525, 48_000, 2, "logmel-stats-v1", 192, $"embeddings/{file.Id}.npy", "processed/a.wav", ["clipped", "downmixed to mono"]),
            cancellationToken: Ct);

        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(FileStatus.Embedded, record.Status);
        Assert.Equal(3.2525, record.DurationSeconds);
        Assert.Equal(48_000, record.SampleRate);
        Assert.Equal(2, record.Channels);
        Assert.Equal("logmel-stats-v1", record.Embedder);
        Assert.Equal(192, record.VectorDimension);
        Assert.Equal($"embeddings/{file.Id}.npy", record.VectorBlob);
        Assert.Equal("processed/a.wav", record.AudioBlob);
        Assert.Equal("clipped\ndownmixed to mono", record.Warnings);
        Assert.Null(record.PendingBlob);
        Assert.Null(record.Error);
        Assert.Equal("a.wav", record.Name);
        Assert.Equal(96_044, record.SizeBytes);
        Assert.Equal(1, record.Attempts);
        Assert.Null(await catalog.FindByBlobAsync("incoming/a.wav", Ct));
        Assert.Equal(file.Id, (await catalog.FindByBlobAsync("processed/a.wav", Ct))?.Id);

        var summary = record.ToSummary();
        Assert.Equal(3.2525, summary.DurationSeconds);
        Assert.Equal("logmel-stats-v1", summary.Embedder);
    }

    [Fact]
    public async Task A_transcript_is_stored_with_its_words_and_found_by_its_words()
    {
        var catalog = await CreateCatalogAsync();
        var said = NewFile("03-01-01-01-01-01-01.wav");
        var silent = NewFile("b.wav");
        var untranscribed = NewFile("c.wav");
        foreach (var file in new[] { said, silent, untranscribed })
        {
            await catalog.RegisterAsync(file, Ct);
        }

        var transcript = new Transcript("kids are talking by the door", 0.82,
            [new TranscriptWord("kids", 0.51, 0.80, 0.9), new TranscriptWord("are", 0.80, 0.93, 0.7), new TranscriptWord("door", 1.9, 2.3, 0.95)],
            "pocketsphinx-en-us");
        await catalog.MarkEmbeddedAsync(said.Id, Result() with { Transcript = transcript }, cancellationToken: Ct);
        await catalog.MarkEmbeddedAsync(silent.Id, Result() with { Transcript = new Transcript("", 0, [], "pocketsphinx-en-us") }, cancellationToken: Ct);
        await catalog.MarkEmbeddedAsync(untranscribed.Id, Result(), cancellationToken: Ct);

        var stored = (await catalog.GetAsync(said.Id, Ct))!.Transcript!;
        Assert.Equal(transcript.Text, stored.Text);
        Assert.Equal(transcript.Confidence, stored.Confidence);
        Assert.Equal(transcript.Transcriber, stored.Transcriber);
        Assert.Equal(transcript.Words, stored.Words);
        Assert.Equal("kids are talking by the door", (await catalog.GetAsync(said.Id, Ct))!.ToSummary().TranscriptText);
        Assert.Equal("", (await catalog.GetAsync(silent.Id, Ct))!.Transcript!.Text);
        Assert.Null((await catalog.GetAsync(untranscribed.Id, Ct))!.Transcript);

        // Search by words, any case; a word that is nowhere finds nothing.
        Assert.Equal([said.Id], (await catalog.QueryAsync(new FileQuery(Text: "TALKING by"), Ct)).Items.Select(f => f.Id));
        Assert.Empty((await catalog.QueryAsync(new FileQuery(Text: "sitting"), Ct)).Items);

        // Transcribed after its embedding: the untranscribed file is listed, gets its transcript, and is listed no more.
        Assert.Equal([untranscribed.Id], (await catalog.ListUntranscribedAsync(10, Ct)).Select(f => f.Id));
        Assert.True(await catalog.SetTranscriptAsync(untranscribed.Id, transcript with { Text = "dogs are sitting by the door" }, Ct));
        Assert.Equal([untranscribed.Id], (await catalog.QueryAsync(new FileQuery(Text: "sitting"), Ct)).Items.Select(f => f.Id));
        Assert.Empty(await catalog.ListUntranscribedAsync(10, Ct));
        var queued = NewFile("d.wav");
        await catalog.RegisterAsync(queued, Ct);
        Assert.False(await catalog.SetTranscriptAsync(queued.Id, transcript, Ct)); // only embedded files carry one
        Assert.Null((await catalog.GetAsync(queued.Id, Ct))!.Transcript);
    }

    [Fact]
    public async Task MarkEmbedded_without_warnings_stores_none()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        await catalog.RegisterAsync(file, Ct);

        await catalog.MarkEmbeddedAsync(file.Id, Result() with { Warnings = [] }, cancellationToken: Ct);

        Assert.True(string.IsNullOrEmpty((await catalog.GetAsync(file.Id, Ct))!.Warnings));
    }

    [Fact]
    public async Task MarkFailed_sets_the_error_and_the_audio_blob()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        await catalog.RegisterAsync(file, Ct);
        await catalog.TryStartProcessingAsync(file.Id, TestLease.Owner, Ct);
        await catalog.SetPendingBlobAsync(file.Id, "failed/a.wav", Ct);

        await catalog.MarkFailedAsync(file.Id, "not a RIFF/WAVE file", "failed/a.wav", cancellationToken: Ct);

        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(FileStatus.Failed, record.Status);
        Assert.Equal("not a RIFF/WAVE file", record.Error);
        Assert.Equal("failed/a.wav", record.AudioBlob);
        Assert.Null(record.PendingBlob);
        Assert.Null(record.VectorBlob);
        Assert.Equal("not a RIFF/WAVE file", record.ToSummary().Error);
    }

    [Fact]
    public async Task ListUnfinished_returns_queued_and_processing_files_oldest_first()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "u1.wav", "u2.wav", "u3.wav", "u4.wav", "u5.wav");
        await catalog.TryStartProcessingAsync(files[1].Id, TestLease.Owner, Ct);
        await catalog.TryStartProcessingAsync(files[2].Id, TestLease.Owner, Ct);
        await catalog.MarkEmbeddedAsync(files[2].Id, Result(), cancellationToken: Ct);
        await catalog.MarkFailedAsync(files[3].Id, "bad", "failed/u4.wav", cancellationToken: Ct);

        // Touching the oldest again must not reorder it: the order is by creation.
        await AdvanceClockAsync();
        await catalog.SetPendingBlobAsync(files[0].Id, "processed/u1.wav", Ct);

        var unfinished = await catalog.ListUnfinishedAsync(Ct);

        Assert.Equal([files[0].Id, files[1].Id, files[4].Id], unfinished.Select(r => r.Id));
        Assert.Equal([FileStatus.Queued, FileStatus.Processing, FileStatus.Queued], unfinished.Select(r => r.Status));
        Assert.Equal("processed/u1.wav", unfinished[0].PendingBlob);
    }

    [Fact]
    public async Task Query_filters_by_status()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "q1.wav", "q2.wav", "q3.wav");
        await catalog.MarkFailedAsync(files[1].Id, "bad", "failed/q2.wav", cancellationToken: Ct);

        var failed = await catalog.QueryAsync(new FileQuery(Status: FileStatus.Failed), Ct);
        var queued = await catalog.QueryAsync(new FileQuery(Status: FileStatus.Queued), Ct);
        var embedded = await catalog.QueryAsync(new FileQuery(Status: FileStatus.Embedded), Ct);

        Assert.Equal(1, failed.Total);
        Assert.Equal(files[1].Id, Assert.Single(failed.Items).Id);
        Assert.Equal(2, queued.Total);
        Assert.Equal([files[2].Id, files[0].Id], queued.Items.Select(i => i.Id));
        Assert.Equal(0, embedded.Total);
        Assert.Empty(embedded.Items);
    }

    [Fact]
    public async Task Query_by_text_matches_a_name_substring_an_id_prefix_or_an_alias()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "hello-world.wav", "goodbye.wav", "third.wav");
        await catalog.AddAliasAsync(files[2].Id, "interview-2024.wav", "processed/interview-2024.wav", Ct);

        Assert.Equal([files[0].Id], await SearchAsync(catalog, "lo-wor"));
        Assert.Equal([files[1].Id], await SearchAsync(catalog, files[1].Id[..10]));
        Assert.Equal([files[1].Id], await SearchAsync(catalog, files[1].Id));
        Assert.Equal([files[2].Id], await SearchAsync(catalog, "interview-20"));
        Assert.Equal([files[2].Id, files[1].Id, files[0].Id], await SearchAsync(catalog, ".wav"));
        Assert.Empty(await SearchAsync(catalog, "no-such-name"));

        var page = await catalog.QueryAsync(new FileQuery(Status: FileStatus.Failed, Text: "hello"), Ct);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Query_by_text_does_not_match_the_middle_of_an_id()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("plain.wav");
        await catalog.RegisterAsync(file, Ct);

        // Ids are hex digests: a search for a short word must not hit every id that happens to contain it.
        var middle = file.Id[20..32];
        Assert.DoesNotContain(middle, "plain.wav", StringComparison.Ordinal);

        Assert.Empty(await SearchAsync(catalog, middle));
    }

    [Fact]
    public async Task Query_treats_percent_underscore_and_backslash_literally()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "100%.wav", "1000.wav", "a_b.wav", "axb.wav", "c\\d.wav", "cxd.wav");

        Assert.Equal([files[0].Id], await SearchAsync(catalog, "100%"));
        Assert.Equal([files[0].Id], await SearchAsync(catalog, "%"));
        Assert.Equal([files[2].Id], await SearchAsync(catalog, "a_b"));
        Assert.Equal([files[2].Id], await SearchAsync(catalog, "_"));
        Assert.Equal([files[4].Id], await SearchAsync(catalog, "c\\d"));
    }

    [Fact]
    public async Task Query_pages_newest_first_with_the_total_of_all_matches()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "p1.wav", "p2.wav", "p3.wav", "p4.wav", "p5.wav");

        var page1 = await catalog.QueryAsync(new FileQuery(Page: 1, PageSize: 2), Ct);
        var page2 = await catalog.QueryAsync(new FileQuery(Page: 2, PageSize: 2), Ct);
        var page3 = await catalog.QueryAsync(new FileQuery(Page: 3, PageSize: 2), Ct);
        var page4 = await catalog.QueryAsync(new FileQuery(Page: 4, PageSize: 2), Ct);

        Assert.Equal(5, page1.Total);
        Assert.Equal(1, page1.Page);
        Assert.Equal(2, page1.PageSize);
        Assert.Equal([files[4].Id, files[3].Id], page1.Items.Select(i => i.Id));
        Assert.Equal(5, page2.Total);
        Assert.Equal(2, page2.Page);
        Assert.Equal([files[2].Id, files[1].Id], page2.Items.Select(i => i.Id));
        Assert.Equal([files[0].Id], page3.Items.Select(i => i.Id));
        Assert.Equal(5, page4.Total);
        Assert.Empty(page4.Items);

        var filtered = await catalog.QueryAsync(new FileQuery(Text: "p", Page: 2, PageSize: 3), Ct);
        Assert.Equal(5, filtered.Total);
        Assert.Equal([files[1].Id, files[0].Id], filtered.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Query_items_carry_the_summary_fields()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("s.wav", size: 5150);
        await catalog.RegisterAsync(file, Ct);
        await catalog.MarkEmbeddedAsync(file.Id, Result(), cancellationToken: Ct);

        var item = Assert.Single((await catalog.QueryAsync(new FileQuery(), Ct)).Items);

        Assert.Equal(((await catalog.GetAsync(file.Id, Ct))!).ToSummary(), item);
        Assert.Equal("s.wav", item.Name);
        Assert.Equal(FileStatus.Embedded, item.Status);
        Assert.Equal(5150, item.SizeBytes);
    }

    [Fact]
    public async Task CountByStatus_has_all_four_statuses_even_when_zero()
    {
        var catalog = await CreateCatalogAsync();

        var empty = await catalog.CountByStatusAsync(Ct);
        Assert.Equal(FileStatus.All.Order(StringComparer.Ordinal), empty.Keys.Order(StringComparer.Ordinal));
        Assert.All(empty.Values, count => Assert.Equal(0, count));

        var files = await RegisterManyAsync(catalog, "c1.wav", "c2.wav", "c3.wav", "c4.wav");
        await catalog.TryStartProcessingAsync(files[0].Id, TestLease.Owner, Ct);
        await catalog.MarkEmbeddedAsync(files[1].Id, Result(), cancellationToken: Ct);

        var counts = await catalog.CountByStatusAsync(Ct);
        Assert.Equal(2, counts[FileStatus.Queued]);
        Assert.Equal(1, counts[FileStatus.Processing]);
        Assert.Equal(1, counts[FileStatus.Embedded]);
        Assert.Equal(0, counts[FileStatus.Failed]);
        Assert.Equal(4, counts.Count);
    }

    [Fact]
    public async Task Concurrent_registers_of_one_id_have_exactly_one_winner()
    {
        var catalog = await CreateCatalogAsync();
        var id = Id("contended");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await catalog.RegisterAsync(new NewFile(id, $"copy-{i}.wav", $"incoming/copy-{i}.wav", 100), Ct);
        }, Ct)).ToArray();
        start.SetResult();

        var outcomes = await Task.WhenAll(registers);

        var winner = Assert.Single(outcomes, o => o.Result == RegisterResult.Registered);
        Assert.All(outcomes.Where(o => o != winner), o => Assert.Equal(RegisterResult.Duplicate, o.Result));
        Assert.All(outcomes, o => Assert.Equal(id, o.Record.Id));
        Assert.All(outcomes, o => Assert.Equal(winner.Record.AudioBlob, o.Record.AudioBlob));
        Assert.Equal(winner.Record, await catalog.GetAsync(id, Ct));
        Assert.Equal(1, (await catalog.QueryAsync(new FileQuery(), Ct)).Total);
    }

    [Fact]
    public async Task Concurrent_registers_of_the_same_blob_have_exactly_one_winner()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("rescanned.wav");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await catalog.RegisterAsync(file, Ct);
        }, Ct)).ToArray();
        start.SetResult();

        var outcomes = await Task.WhenAll(registers);

        Assert.Single(outcomes, o => o.Result == RegisterResult.Registered);
        Assert.Equal(15, outcomes.Count(o => o.Result == RegisterResult.AlreadyTracked));
    }

    [Fact]
    public async Task InitializeAsync_twice_is_harmless()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        await catalog.RegisterAsync(file, Ct);
        await catalog.AddAliasAsync(file.Id, "b.wav", "processed/b.wav", Ct);
        var before = await catalog.GetAsync(file.Id, Ct);

        await catalog.InitializeAsync(Ct);
        await catalog.InitializeAsync(Ct);

        Assert.Equal(before, await catalog.GetAsync(file.Id, Ct));
        Assert.Equal(["b.wav"], await catalog.GetAliasesAsync(file.Id, Ct));
        Assert.Equal(RegisterResult.AlreadyTracked, (await catalog.RegisterAsync(file, Ct)).Result);
    }

    [Fact]
    public async Task Timestamps_are_UTC_and_UpdatedAt_moves_forward_with_each_change()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        var registered = (await catalog.RegisterAsync(file, Ct)).Record;
        var stamps = new List<FileRecord> { registered };

        async Task StepAsync(Func<Task> change)
        {
            await AdvanceClockAsync();
            await change();
            stamps.Add((await catalog.GetAsync(file.Id, Ct))!);
        }

        await StepAsync(() => catalog.TryStartProcessingAsync(file.Id, TestLease.Owner, Ct));
        await StepAsync(() => catalog.SetPendingBlobAsync(file.Id, "processed/a.wav", Ct));
        await StepAsync(() => catalog.MarkEmbeddedAsync(file.Id, Result(), cancellationToken: Ct));

        Assert.All(stamps, r => Assert.Equal(TimeSpan.Zero, r.CreatedAt.Offset));
        Assert.All(stamps, r => Assert.Equal(TimeSpan.Zero, r.UpdatedAt.Offset));
        Assert.All(stamps, r => Assert.Equal(registered.CreatedAt, r.CreatedAt));
        for (var i = 1; i < stamps.Count; i++)
        {
            Assert.True(stamps[i].UpdatedAt > stamps[i - 1].UpdatedAt, $"step {i}: {stamps[i].UpdatedAt:O} is not after {stamps[i - 1].UpdatedAt:O}");
        }
    }

    [Fact]
    public async Task PingAsync_succeeds()
    {
        var catalog = await CreateCatalogAsync();

        await catalog.PingAsync(Ct);
    }

    [Fact]
    public async Task MarkEmbedded_stores_the_segments_of_a_long_file_and_replaces_them_when_redone()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("long.wav");
        await catalog.RegisterAsync(file, Ct);
        FileSegment[] three = [new(0, 0, 10), new(1, 9, 19), new(2, 15, 25)];
        await catalog.MarkEmbeddedAsync(file.Id, Result() with { DurationSeconds = 25, Segments = three, SegmentsBlob = "embeddings/e/segments/x.npy" }, cancellationToken: Ct);

        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(3, record.SegmentCount);
        Assert.Equal("embeddings/e/segments/x.npy", record.SegmentsBlob);
        Assert.Equal(three, await catalog.GetSegmentsAsync(file.Id, Ct));

        FileSegment[] two = [new(0, 0, 10), new(1, 5, 15)];
        await catalog.MarkEmbeddedAsync(file.Id, Result() with { Segments = two, SegmentsBlob = "embeddings/e/segments/x.npy" }, cancellationToken: Ct);
        Assert.Equal(two, await catalog.GetSegmentsAsync(file.Id, Ct));
        Assert.Equal(2, (await catalog.GetAsync(file.Id, Ct))!.SegmentCount);
    }

    [Fact]
    public async Task A_short_file_has_no_segments()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("short.wav");
        await catalog.RegisterAsync(file, Ct);
        await catalog.MarkEmbeddedAsync(file.Id, Result(), cancellationToken: Ct);

        Assert.Empty(await catalog.GetSegmentsAsync(file.Id, Ct));
        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(0, record.SegmentCount);
        Assert.Null(record.SegmentsBlob);
        Assert.Empty(await catalog.GetSegmentsAsync(Id("unknown"), Ct));
    }

    [Fact]
    public async Task A_label_from_the_file_name_is_stored_at_registration()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("03-01-05-01-01-01-07.wav") with { Label = "angry", Speaker = "ravdess-07" };
        await catalog.RegisterAsync(file, Ct);

        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(("angry", LabelSource.FileName, "ravdess-07"), (record.Label, record.LabelSource, record.Speaker));
        Assert.NotNull(record.LabelUpdatedAt);
    }

    [Fact]
    public async Task Labels_are_replaced_only_by_an_equal_or_stronger_source()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("a.wav");
        await catalog.RegisterAsync(file, Ct);

        Assert.True(await catalog.SetLabelAsync(file.Id, "sad", LabelSource.Cluster, cancellationToken: Ct));
        Assert.True(await catalog.SetLabelAsync(file.Id, "happy", LabelSource.Cluster, cancellationToken: Ct));
        Assert.True(await catalog.SetLabelAsync(file.Id, "calm", LabelSource.Csv, "spk-1", Ct));
        Assert.False(await catalog.SetLabelAsync(file.Id, "sad", LabelSource.Cluster, cancellationToken: Ct));
        Assert.False(await catalog.SetLabelAsync(file.Id, "sad", LabelSource.FileName, cancellationToken: Ct));
        Assert.True(await catalog.SetLabelAsync(file.Id, "angry", LabelSource.Manual, cancellationToken: Ct));
        Assert.False(await catalog.SetLabelAsync(file.Id, "calm", LabelSource.Csv, cancellationToken: Ct));
        Assert.False(await catalog.SetLabelAsync(Id("missing"), "calm", LabelSource.Manual, cancellationToken: Ct));

        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(("angry", LabelSource.Manual, "spk-1"), (record.Label, record.LabelSource, record.Speaker));
    }

    [Fact]
    public async Task Files_are_found_by_name_or_alias_ignoring_case()
    {
        var catalog = await CreateCatalogAsync();
        var a = NewFile("a.wav");
        await catalog.RegisterAsync(a, Ct);
        await catalog.AddAliasAsync(a.Id, "copy.wav", "processed/copy.wav", Ct);

        Assert.Equal([a.Id], await catalog.FindIdsByNameAsync("a.wav", Ct));
        Assert.Equal([a.Id], await catalog.FindIdsByNameAsync("copy.wav", Ct));
        Assert.Equal([a.Id], await catalog.FindIdsByNameAsync("A.WAV", Ct));
        Assert.Equal([a.Id], await catalog.FindIdsByNameAsync("Copy.Wav", Ct));
        Assert.Empty(await catalog.FindIdsByNameAsync("a.wa", Ct));
    }

    [Fact]
    public async Task ListEmbedded_returns_the_embedded_files_of_one_embedder_with_labels_and_speakers()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "e1.wav", "e2.wav", "other.wav", "queued.wav");
        await catalog.MarkEmbeddedAsync(files[0].Id, Result() with { VectorBlob = "embeddings/test-embedder/1.npy" }, cancellationToken: Ct);
        await catalog.MarkEmbeddedAsync(files[1].Id, Result() with { VectorBlob = "embeddings/test-embedder/2.npy", Segments = [new(0, 0, 10), new(1, 5, 15)], SegmentsBlob = "seg.npy" }, cancellationToken: Ct);
        await catalog.MarkEmbeddedAsync(files[2].Id, Result() with { Embedder = "other" }, cancellationToken: Ct);
        await catalog.SetLabelAsync(files[1].Id, "sad", LabelSource.Csv, "spk", Ct);

        var listed = await catalog.ListEmbeddedAsync("test-embedder", Ct);

        Assert.Equal([files[0].Id, files[1].Id], listed.Select(f => f.Id));
        Assert.Equal(new LabelledFile(files[1].Id, "e2.wav", "embeddings/test-embedder/2.npy", "seg.npy", "sad", LabelSource.Csv, "spk"), listed[1]);
    }

    [Fact]
    public async Task Predictions_are_recorded_for_the_file_and_its_segments()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("long.wav");
        await catalog.RegisterAsync(file, Ct);
        await catalog.MarkEmbeddedAsync(file.Id, Result() with { Segments = [new(0, 0, 10), new(1, 9, 19)], SegmentsBlob = "s.npy" }, cancellationToken: Ct);
        var probabilities = new Dictionary<string, double> { ["sad"] = 0.7, ["happy"] = 0.3 };

        await catalog.SetPredictionAsync(file.Id, new Prediction("sad", 0.7, probabilities, 3),
            [new Prediction("sad", 0.9, probabilities, 3), new Prediction("happy", 0.6, probabilities, 3)], Ct);

        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal(("sad", 0.7, 3), (record.Emotion, record.Confidence!.Value, record.ModelVersion!.Value));
        Assert.Equal(probabilities, record.Probabilities);
        Assert.Equal(probabilities, record.ToSummary().Probabilities);
        Assert.Equal([("sad", 0.9), ("happy", 0.6)], (await catalog.GetSegmentsAsync(file.Id, Ct)).Select(s => (s.Emotion!, s.Confidence!.Value)));
    }

    [Fact]
    public async Task CountLabelsChangedSince_counts_labels_set_after_the_moment()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "a.wav", "b.wav", "c.wav");
        await catalog.SetLabelAsync(files[0].Id, "sad", LabelSource.Csv, cancellationToken: Ct);
        await AdvanceClockAsync();
        var moment = DateTimeOffset.UtcNow;
        await AdvanceClockAsync();
        await catalog.SetLabelAsync(files[1].Id, "sad", LabelSource.Csv, cancellationToken: Ct);
        await catalog.SetLabelAsync(files[2].Id, "happy", LabelSource.Manual, cancellationToken: Ct);

        Assert.Equal(2, await catalog.CountLabelsChangedSinceAsync(moment, Ct));
        Assert.Equal(3, await catalog.CountLabelsChangedSinceAsync(DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task Query_sorts_by_whitelisted_columns_and_filters_by_predicted_emotion()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "b.wav", "c.wav", "a.wav");
        var probabilities = new Dictionary<string, double> { ["sad"] = 1 };
        await catalog.MarkEmbeddedAsync(files[0].Id, Result() with { DurationSeconds = 5 }, cancellationToken: Ct);
        await catalog.MarkEmbeddedAsync(files[1].Id, Result() with { DurationSeconds = 1 }, cancellationToken: Ct);
        await catalog.MarkEmbeddedAsync(files[2].Id, Result() with { DurationSeconds = 3 }, cancellationToken: Ct);
        await catalog.SetPredictionAsync(files[0].Id, new Prediction("sad", 0.9, probabilities, 1), cancellationToken: Ct);
        await catalog.SetPredictionAsync(files[2].Id, new Prediction("sad", 0.4, probabilities, 1), cancellationToken: Ct);

        async Task<List<string>> Names(FileQuery query) => (await catalog.QueryAsync(query, Ct)).Items.Select(i => i.Name).ToList();
        Assert.Equal(["a.wav", "b.wav", "c.wav"], await Names(new FileQuery(Sort: "name", Descending: false)));
        Assert.Equal(["b.wav", "a.wav", "c.wav"], await Names(new FileQuery(Sort: "duration")));
        Assert.Equal(["a.wav", "b.wav"], await Names(new FileQuery(Emotion: "sad", Sort: "confidence", Descending: false)));
        Assert.Equal(["a.wav", "c.wav", "b.wav"], await Names(new FileQuery()));
        Assert.Equal(["b.wav", "c.wav", "a.wav"], await Names(new FileQuery(Sort: "'; DROP TABLE files; --", Descending: false)));
    }

    [Fact]
    public async Task SetSpeaker_replaces_the_speaker_from_the_file_name_whatever_the_label_and_is_false_for_an_unknown_id()
    {
        var catalog = await CreateCatalogAsync();
        var file = NewFile("03-01-05-01-01-01-07.wav") with { Label = "angry", Speaker = "ravdess-07" };
        await catalog.RegisterAsync(file, Ct);
        Assert.True(await catalog.SetLabelAsync(file.Id, "calm", LabelSource.Manual, cancellationToken: Ct));
        var before = (await catalog.GetAsync(file.Id, Ct))!;
        await AdvanceClockAsync();

        Assert.True(await catalog.SetSpeakerAsync(file.Id, "Actor_07.b", Ct));

        var record = (await catalog.GetAsync(file.Id, Ct))!;
        Assert.Equal("Actor_07.b", record.Speaker); // case kept
        Assert.Equal(("calm", LabelSource.Manual), (record.Label, record.LabelSource)); // the label is left alone
        Assert.True(record.UpdatedAt > before.UpdatedAt);
        Assert.Equal("Actor_07.b", Assert.Single((await catalog.QueryAsync(new FileQuery(), Ct)).Items).Speaker);

        // A label without a speaker keeps the speaker; null clears it.
        Assert.True(await catalog.SetLabelAsync(file.Id, "sad", LabelSource.Manual, cancellationToken: Ct));
        Assert.Equal("Actor_07.b", (await catalog.GetAsync(file.Id, Ct))!.Speaker);
        Assert.True(await catalog.SetSpeakerAsync(file.Id, null, Ct));
        Assert.Null((await catalog.GetAsync(file.Id, Ct))!.Speaker);

        Assert.False(await catalog.SetSpeakerAsync(Id("missing"), "spk-1", Ct));
        Assert.Null(await catalog.GetAsync(Id("missing"), Ct));
    }

    [Fact]
    public async Task Query_filters_by_exact_speaker()
    {
        var catalog = await CreateCatalogAsync();
        var files = await RegisterManyAsync(catalog, "s1.wav", "s2.wav", "s3.wav");
        await catalog.SetSpeakerAsync(files[0].Id, "spk-1", Ct);
        await catalog.SetSpeakerAsync(files[1].Id, "SPK-1", Ct);
        await catalog.SetSpeakerAsync(files[2].Id, "spk-1", Ct);

        var page = await catalog.QueryAsync(new FileQuery(Speaker: "spk-1"), Ct);

        Assert.Equal(2, page.Total);
        Assert.Equal([files[2].Id, files[0].Id], page.Items.Select(i => i.Id));
        Assert.Equal([files[1].Id], (await catalog.QueryAsync(new FileQuery(Speaker: "SPK-1"), Ct)).Items.Select(i => i.Id));
        Assert.Empty((await catalog.QueryAsync(new FileQuery(Speaker: "spk-"), Ct)).Items);
    }

    protected static string Id(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    protected static NewFile NewFile(string name, long size = 1000) => new(Id(name), name, $"incoming/{name}", size);

    protected static EmbeddingResult Result() =>
        new(1.5, 16_000, 1, "test-embedder", 8, "embeddings/x.npy", "processed/x.wav", ["w"]);

    /// <summary>Registers the files in order, each strictly later than the one before.</summary>
    protected async Task<NewFile[]> RegisterManyAsync(TCatalog catalog, params string[] names)
    {
        var files = new List<NewFile>();
        foreach (var name in names)
        {
            if (files.Count > 0)
            {
                await AdvanceClockAsync();
            }

            var file = NewFile(name);
            Assert.Equal(RegisterResult.Registered, (await catalog.RegisterAsync(file, Ct)).Result);
            files.Add(file);
        }

        return [.. files];
    }

    private static async Task<List<string>> SearchAsync(TCatalog catalog, string text)
    {
        var page = await catalog.QueryAsync(new FileQuery(Text: text), Ct);
        Assert.Equal(page.Items.Count, page.Total);
        return page.Items.Select(i => i.Id).ToList();
    }
}
