using EmotionGrid.Testing;

namespace EmotionGrid.Client.Tests;

/// <summary>One real silo (child process, own data root) shared by the tests of a class.</summary>
public class SiloFixture : IAsyncLifetime
{
    public TempDataRoot Root { get; } = new();

    public SiloProcess Silo { get; private set; } = null!;

    public string Url => $"http://127.0.0.1:{Silo.Port}";

    /// <summary>Settings (environment variables) of the silo beyond <see cref="SiloProcess"/>'s own.</summary>
    protected virtual IDictionary<string, string>? Settings => null;

    public virtual async ValueTask InitializeAsync()
    {
        Silo = new SiloProcess(Root.Path, Settings);
        await Silo.StartAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        Root.Dispose();
        GC.SuppressFinalize(this);
    }
}
