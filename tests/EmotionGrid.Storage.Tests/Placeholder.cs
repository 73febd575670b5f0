namespace EmotionGrid.Storage.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Works() => EmotionGrid.Testing.Requirement.Unmet("x");
}
