namespace EmotionGrid.Testing;

/// <summary>Starting a test server on free ports: a port can be taken between asking and binding, so a fresh set fixes that.</summary>
internal static class ServerStart
{
    /// <summary>Creates and starts a server, with fresh ports up to three times when the start fails with <see cref="InvalidOperationException"/>.</summary>
    public static async Task<T> WithFreshPortsAsync<T>(Func<T> create, Func<T, Task> start)
        where T : IAsyncDisposable
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = create();
            try
            {
                await start(server);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }
}
