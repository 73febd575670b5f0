using System.Text;
using EmotionGrid.Storage.Blobs;

namespace EmotionGrid.Storage.Tests;

public sealed class BlobKeyTests
{
    public static TheoryData<string> HostileNames { get; } =
    [
        "../../etc/passwd",
        "a\\b\\c.wav",
        "..\\..\\windows\\win.ini",
        "a\u0000b\u0001c\u001f\u007f.wav",
        "line\r\nbreak.wav",
        "<img src=x onerror=alert(1)>.wav",
        "<script>alert('x')</script>.wav",
        ".hidden.wav",
        "...wav",
        "..",
        ". . .wav",
        "C:\\Users\\x\\voice.wav",
        "/absolute/path.wav",
        "file:name*?\"|.wav",
        new string('x', 500) + ".wav",
        "a." + new string('e', 300),
        string.Concat(Enumerable.Repeat("音声", 150)) + ".wav",
        "a" + string.Concat(Enumerable.Repeat("😀", 150)) + ".wav",
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void SafeName_always_gives_one_harmless_segment(string name)
    {
        var safe = BlobKey.SafeName(name);

        Assert.NotEmpty(safe);
        Assert.DoesNotContain('/', safe);
        Assert.DoesNotContain('\\', safe);
        Assert.DoesNotContain("..", safe, StringComparison.Ordinal);
        Assert.False(safe.StartsWith('.'), $"'{safe}' starts with a dot");
        Assert.False(safe.StartsWith(' '), $"'{safe}' starts with a space");
        Assert.DoesNotContain(safe, char.IsControl);
        Assert.DoesNotContain(safe, c => c is '<' or '>' or ':' or '*' or '?' or '"' or '|');
        Assert.InRange(safe.Length, 1, 200);
        Assert.True(IsWellFormedUtf16(safe), $"'{safe}' has a lone surrogate");
        Assert.InRange(Encoding.UTF8.GetByteCount(safe), 1, 255); // a single file name on ext4, xfs, btrfs …

        // And it makes a valid key.
        BlobKey.Validate(BlobContainers.Key(BlobContainers.Incoming, safe));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("a\\b\\c.wav", "c.wav")]
    [InlineData("C:\\Users\\x\\voice.wav", "voice.wav")]
    [InlineData("a\u0000b\u0001c\u001f\u007f.wav", "a_b_c__.wav")]
    [InlineData("<img src=x onerror=alert(1)>.wav", "_img src=x onerror=alert(1)_.wav")]
    [InlineData(".hidden.wav", "hidden.wav")]
    [InlineData("  spaced out.wav  ", "spaced out.wav")]
    [InlineData("a..b.wav", "a_b.wav")]
    [InlineData("plain.wav", "plain.wav")]
    [InlineData("Grüße 音声 😀.wav", "Grüße 音声 😀.wav")]
    public void SafeName_examples(string name, string expected) => Assert.Equal(expected, BlobKey.SafeName(name));

    [Fact]
    public void SafeName_keeps_markup_as_one_inert_segment()
    {
        var safe = BlobKey.SafeName("<img src=x onerror=alert(1)>.wav");

        Assert.DoesNotContain('<', safe);
        Assert.DoesNotContain('>', safe);
        Assert.DoesNotContain('/', safe);
        Assert.DoesNotContain('\\', safe);
        Assert.EndsWith(".wav", safe, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("/")]
    [InlineData("a/b/")]
    [InlineData("\\")]
    [InlineData(". . .")]
    public void SafeName_falls_back_when_nothing_usable_is_left(string? name)
    {
        Assert.Equal("upload.wav", BlobKey.SafeName(name));
        Assert.Equal("recording.flac", BlobKey.SafeName(name, fallback: "recording.flac"));
    }

    [Fact]
    public void A_very_long_name_keeps_its_extension_within_200_characters()
    {
        var safe = BlobKey.SafeName(new string('x', 500) + ".wav");

        Assert.Equal(200, safe.Length);
        Assert.EndsWith(".wav", safe, StringComparison.Ordinal);
        Assert.StartsWith("xxxx", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_exactly_200_characters_is_kept()
    {
        var name = new string('y', 196) + ".wav";

        Assert.Equal(name, BlobKey.SafeName(name));
    }

    [Fact]
    public void A_long_name_with_a_huge_extension_is_cut_instead_of_failing()
    {
        var safe = BlobKey.SafeName("a." + new string('e', 300));

        Assert.InRange(safe.Length, 1, 200);
        Assert.StartsWith("a.eee", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_multibyte_name_keeps_its_extension_and_fits_a_file_system_name()
    {
        var safe = BlobKey.SafeName(string.Concat(Enumerable.Repeat("音声", 150)) + ".wav");

        Assert.EndsWith(".wav", safe, StringComparison.Ordinal);
        Assert.StartsWith("音声音声", safe, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(safe), 100, 200);
    }

    [Fact]
    public void Cutting_a_long_name_never_splits_a_surrogate_pair()
    {
        var safe = BlobKey.SafeName("a" + string.Concat(Enumerable.Repeat("😀", 150)) + ".wav");

        Assert.True(IsWellFormedUtf16(safe));
        Assert.EndsWith("😀.wav", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogates_are_replaced()
    {
        // Built here, not in theory data: a lone surrogate does not survive the test runner's serialisation.
        var name = "lone" + (char)0xD800 + "high and lone" + (char)0xDC00 + "low.wav";

        var safe = BlobKey.SafeName(name);

        Assert.Equal("lone_high and lone_low.wav", safe);
        Assert.True(IsWellFormedUtf16(safe));
    }

    [Fact]
    public void Candidates_number_the_name_before_its_extension()
    {
        Assert.Equal(["a.wav", "a (2).wav", "a (3).wav", "a (4).wav"], BlobKey.Candidates("a.wav").Take(4));
        Assert.Equal(["README", "README (2)", "README (3)"], BlobKey.Candidates("README").Take(3));
        Assert.Equal(["my take.v2.wav", "my take.v2 (2).wav"], BlobKey.Candidates("my take.v2.wav").Take(2));
    }

    [Fact]
    public void Candidates_are_all_distinct()
    {
        var candidates = BlobKey.Candidates("a.wav").Take(1000).ToList();

        Assert.Equal(candidates.Count, candidates.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("incoming/a.wav")]
    [InlineData("embeddings/ab/cd.npy")]
    [InlineData("incoming/.hidden")]
    [InlineData("incoming/a b (2).wav")]
    public void Validate_accepts_container_and_path(string key) => BlobKey.Validate(key);

    [Theory]
    [InlineData("../x")]
    [InlineData("incoming/../../etc/passwd")]
    [InlineData("noslash")]
    [InlineData("incoming//a")]
    [InlineData("incoming/")]
    [InlineData("/incoming/a")]
    [InlineData("incoming/./a")]
    [InlineData("incoming/a\\b")]
    [InlineData("incoming/a\nb")]
    [InlineData("")]
    public void Validate_rejects_traversal_and_malformed_keys(string key) =>
        Assert.ThrowsAny<ArgumentException>(() => BlobKey.Validate(key));

    [Fact]
    public void Key_joins_container_and_name() =>
        Assert.Equal("processed/a.wav", BlobContainers.Key(BlobContainers.Processed, "a.wav"));

    private static bool IsWellFormedUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
