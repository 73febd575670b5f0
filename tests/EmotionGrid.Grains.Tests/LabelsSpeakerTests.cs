using System.Reflection;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Labels;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Tests;

/// <summary>Speakers in labels CSVs (rows that set only the speaker), the one rule for speaker names, and the importer against a real catalog.</summary>
public sealed class LabelsSpeakerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_row_with_a_speaker_and_an_empty_emotion_sets_only_the_speaker()
    {
        var rows = LabelsCsv.Parse("name,emotion,speaker\na.wav,,Spk_01\nb.wav,sad,\nc.wav,Calm,tess-OAF\n");

        Assert.Equal(
            [new LabelsCsv.Row(2, null, "a.wav", null, "Spk_01"), new LabelsCsv.Row(3, null, "b.wav", "sad", null), new LabelsCsv.Row(4, null, "c.wav", "calm", "tess-OAF")],
            rows);
    }

    [Fact]
    public void A_csv_of_speakers_alone_needs_no_emotion_column()
    {
        var row = Assert.Single(LabelsCsv.Parse("id,speaker\nABC123,crema-1001\n"));

        Assert.Equal(new LabelsCsv.Row(2, "abc123", null, null, "crema-1001"), row);
    }

    [Theory]
    [InlineData("name,emotion,speaker\na.wav,,\n", "line 2: neither an emotion nor a speaker")]
    [InlineData("name,speaker\na.wav,\n", "line 2: neither an emotion nor a speaker")]
    [InlineData("name,emotion\na.wav,\n", "line 2: the emotion is empty")]
    [InlineData("name,emotion,speaker\nok.wav,sad,s1\nb.wav,,spk/7\n", "line 3: the speaker 'spk/7' has the character '/'")]
    [InlineData("name,emotion,speaker\nb.wav,sad,\"two words\"\n", "line 2: the speaker 'two words' has a space")]
    [InlineData("file,speaker\na.wav,s1\n", "must name 'emotion' or 'speaker' (or both) and 'name' or 'id'")]
    [InlineData("name,mood\na.wav,sad\n", "must name 'emotion' or 'speaker'")]
    public void Rows_without_an_emotion_or_speaker_and_bad_speakers_are_refused_with_the_line(string csv, string expected)
    {
        var error = Assert.Throws<LabelFormatException>(() => LabelsCsv.Parse(csv));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ravdess-07")]
    [InlineData("tess-OAF")]
    [InlineData("Speaker_1.take-2")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64
    public void Speaker_names_of_letters_digits_dot_underscore_and_dash_are_kept_as_they_are(string name)
    {
        Assert.Null(SpeakerName.Problem(name));
        Assert.Equal(name, SpeakerName.Validate(name));
    }

    [Theory]
    [InlineData(null, "the speaker is empty")]
    [InlineData("", "the speaker is empty")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", "65 characters long; at most 64")]
    [InlineData(" spk", "has a space")]
    [InlineData("spk\t1", "control or space character (U+0009)")]
    [InlineData("<script>", "has the character '<'")]
    [InlineData("José", "has the character 'é'")]
    [InlineData("a/b", "has the character '/'")]
    public void Other_speaker_names_are_refused_with_a_specific_reason(string? name, string expected)
    {
        Assert.Contains(expected, SpeakerName.Problem(name));
        Assert.Contains(expected, Assert.Throws<LabelFormatException>(() => SpeakerName.Validate(name)).Message);
    }

    [Fact]
    public async Task The_importer_sets_speakers_apart_from_labels_and_counts_them()
    {
        await using var world = await GrainWorld.CreateAsync();
        var catalog = world.Catalog;
        var named = new NewFile(Id("a"), "03-01-05-01-01-01-07.wav", "incoming/a.wav", 10, "angry", "ravdess-07");
        var plain = new NewFile(Id("b"), "plain.wav", "incoming/b.wav", 10);
        var manual = new NewFile(Id("c"), "manual.wav", "incoming/c.wav", 10);
        foreach (var file in new[] { named, plain, manual })
        {
            await catalog.RegisterAsync(file, Ct);
        }

        await catalog.SetLabelAsync(manual.Id, "happy", LabelSource.Manual, cancellationToken: Ct);
        var importer = new LabelImporter(catalog, QuietGrains.Create());

        var result = await importer.ImportCsvAsync(
            "name,emotion,speaker\n03-01-05-01-01-01-07.wav,,Actor-7\nplain.wav,sad,\nmanual.wav,calm,Person.C\nnobody.wav,,x\n", Ct);

        Assert.Equal((1, 2), (result.Applied, result.SpeakersSet));
        Assert.Equal(["nobody.wav"], result.Unknown);
        var a = (await catalog.GetAsync(named.Id, Ct))!;
        Assert.Equal(("angry", LabelSource.FileName, "Actor-7"), (a.Label, a.LabelSource, a.Speaker)); // speaker only: label kept
        var b = (await catalog.GetAsync(plain.Id, Ct))!;
        Assert.Equal(("sad", LabelSource.Csv, (string?)null), (b.Label, b.LabelSource, b.Speaker));
        var c = (await catalog.GetAsync(manual.Id, Ct))!;
        Assert.Equal(("happy", LabelSource.Manual, "Person.C"), (c.Label, c.LabelSource, c.Speaker)); // the person's label wins, the speaker is set

        Assert.True(await importer.SetSpeakerAsync(plain.Id, "Spk-B", Ct));
        Assert.Equal("Spk-B", (await catalog.GetAsync(plain.Id, Ct))!.Speaker);
        Assert.False(await importer.SetSpeakerAsync(Id("none"), "Spk-B", Ct));
        await Assert.ThrowsAsync<LabelFormatException>(() => importer.SetSpeakerAsync(plain.Id, "no good", Ct));
        Assert.Equal("Spk-B", (await catalog.GetAsync(plain.Id, Ct))!.Speaker);
    }

    private static string Id(string seed) => GrainWorld.Sha256(System.Text.Encoding.UTF8.GetBytes(seed));

    /// <summary>A grain factory whose grains accept every call and do nothing (the importer only nudges the training grain).</summary>
    public class QuietGrains : DispatchProxy
    {
        public static IGrainFactory Create() => DispatchProxy.Create<IGrainFactory, QuietGrains>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var returns = targetMethod!.ReturnType;
            if (returns == typeof(Task))
            {
                return Task.CompletedTask;
            }

            if (returns.IsInterface && typeof(IGrain).IsAssignableFrom(returns))
            {
                var create = typeof(DispatchProxy).GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Single(m => m.Name == nameof(DispatchProxy.Create) && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 2);
                return create.MakeGenericMethod(returns, typeof(QuietGrains)).Invoke(null, null);
            }

            throw new NotSupportedException($"{targetMethod.Name} is not expected here");
        }
    }
}
