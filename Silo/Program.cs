using EmotionGrid.Silo.Api;
using EmotionGrid.Silo.Hosting;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddEmotionGridSilo();
    var app = builder.Build();
    app.MapEmotionGridApi();
    await app.Services.GetRequiredService<StoreInitializer>().InitializeAsync(CancellationToken.None);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"EmotionGrid: invalid configuration: {string.Join("; ", e.Failures)}");
    return 2;
}
catch (SiloStartupException e)
{
    await Console.Error.WriteLineAsync($"EmotionGrid: {e.Message}");
    return 2;
}
