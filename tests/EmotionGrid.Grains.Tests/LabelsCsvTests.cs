using EmotionGrid.Grains.Labels;

namespace EmotionGrid.Grains.Tests;

public sealed class LabelsCsvTests
{
    [Fact]
    public void Reads_name_or_id_rows_with_optional_speaker_in_any_column_order()
    {
        var rows = LabelsCsv.Parse("Emotion,Speaker,Name,ID\r\nHappy,spk1,a.wav,\r\nsad,,\"b, the second.wav\",\nangry,,,ABCDEF\n\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(new LabelsCsv.Row(2, null, "a.wav", "happy", "spk1"), rows[0]);
        Assert.Equal(new LabelsCsv.Row(3, null, "b, the second.wav", "sad", null), rows[1]);
        Assert.Equal(new LabelsCsv.Row(4, "abcdef", null, "angry", null), rows[2]);
    }

    [Fact]
    public void Quoted_fields_may_hold_quotes_and_line_breaks()
    {
        var rows = LabelsCsv.Parse("name,emotion\n\"say \"\"hi\"\"\nthere.wav\",calm\nnext.wav,sad\n");

        Assert.Equal("say \"hi\"\nthere.wav", rows[0].Name);
        Assert.Equal(("next.wav", 4), (rows[1].Name, rows[1].Line));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("file,feeling\na.wav,sad\n", "'emotion'")]
    [InlineData("name,emotion\na.wav,\n", "line 2: the emotion is empty")]
    [InlineData("name,emotion\n,sad\n", "line 2: neither a name nor an id")]
    [InlineData("name,emotion\na.wav,<b>sad</b>\n", "not an emotion name")]
    [InlineData("name,emotion\n\"a.wav,sad\n", "not closed")]
    public void Malformed_csv_is_refused_with_the_line_and_the_problem(string csv, string expected)
    {
        var error = Assert.Throws<Labels.LabelFormatException>(() => LabelsCsv.Parse(csv));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(" Angry ", "angry")]
    [InlineData("pleasant-surprise", "pleasant-surprise")]
    [InlineData("calm_2", "calm_2")]
    public void Emotion_names_are_normalised(string raw, string expected) => Assert.Equal(expected, EmotionName.Normalize(raw));

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("<script>")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefg")]
    public void Unsafe_or_empty_emotion_names_are_refused(string raw) => Assert.Throws<Labels.LabelFormatException>(() => EmotionName.Normalize(raw));
}
