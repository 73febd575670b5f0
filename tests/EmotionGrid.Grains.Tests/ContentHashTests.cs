using System.Text;
using EmotionGrid.Grains.Intake;

namespace EmotionGrid.Grains.Tests;

public sealed class ContentHashTests
{
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public async Task Is_the_lower_case_hex_SHA256_of_the_bytes(string text, string expected)
    {
        await using var content = new MemoryStream(Encoding.ASCII.GetBytes(text));
        var hash = await ContentHash.ComputeAsync(content, TestContext.Current.CancellationToken);
        Assert.Equal(expected, hash);
        Assert.True(ContentHash.IsValid(hash));
    }

    [Fact]
    public async Task Hashes_from_the_current_position_to_the_end_of_a_large_stream()
    {
        var bytes = new byte[1_000_003];
        new Random(7).NextBytes(bytes);
        await using var content = new MemoryStream(bytes);
        var hash = await ContentHash.ComputeAsync(content, TestContext.Current.CancellationToken);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), hash);
    }

    [Theory]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", true)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", false)] // upper case
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", false)] // 63 chars
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0", false)] // 65 chars
    [InlineData("ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)] // not hex
    [InlineData("../../etc/passwd", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_accepts_only_64_lower_case_hex_digits(string? id, bool expected) =>
        Assert.Equal(expected, ContentHash.IsValid(id));
}
