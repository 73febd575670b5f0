using EmotionGrid.Testing;
namespace EmotionGrid.Silo.Tests;

/// <summary>A bad setting stops the silo at start with a one-line reason and exit code 2.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("EmotionGrid__Catalog__Provider", "Oracle", "EmotionGrid:Catalog:Provider 'Oracle'")]
    [InlineData("EmotionGrid__Embedding__Embedder", "magic", "EmotionGrid:Embedding:Embedder 'magic' is unknown")]
    [InlineData("EmotionGrid__Watcher__RescanSeconds", "-1", "EmotionGrid:Watcher:RescanSeconds")]
    [InlineData("EmotionGrid__Emotions__0", "", "EmotionGrid:Emotions")]
    public async Task A_bad_value_stops_the_silo_with_a_one_line_reason(string key, string value, string expected)
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path, new Dictionary<string, string> { [key] = value });
        await silo.StartAsync(waitReady: false);
        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Task.Delay(200); // let the output readers drain
        var line = Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ERR EmotionGrid: invalid configuration:", line);
        Assert.Contains(expected, line);
    }
}
