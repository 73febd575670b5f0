using EmotionGrid.Testing;

namespace EmotionGrid.Client.Tests;

/// <summary>One real silo (child process, own data root) shared by the tests of a class.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public TempDataRoot Root { get; } = new();

    public SiloProcess Silo { get; private set; } = null!;

    public string Url => $"http://127.0.0.1:{Silo.Port}";

    public async ValueTask InitializeAsync()
    {
        Silo = new SiloProcess(Root.Path);
        await Silo.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        Root.Dispose();
    }
}
