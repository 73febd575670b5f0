using System.Collections.Concurrent;
using Microsoft.Playwright;
using EmotionGrid.Testing;

namespace EmotionGrid.Dashboard.Tests;

/// <summary>
/// One browser context and page on a silo's dashboard. Records every JavaScript dialog (alert, confirm…)
/// and every uncaught page error, so a test can assert that nothing ran that should not have.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private DashboardPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public ConcurrentQueue<string> Dialogs { get; } = new();

    public ConcurrentQueue<string> PageErrors { get; } = new();

    public static async Task<DashboardPage> OpenAsync(IBrowser browser, SiloProcess silo, string view = "files", int width = 1280, int height = 800, bool phone = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = $"http://127.0.0.1:{silo.Port}",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Permissions = ["microphone"],
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var session = new DashboardPage(context, page);
        page.Dialog += async (_, dialog) =>
        {
            session.Dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => session.PageErrors.Enqueue(error);
        await page.GotoAsync($"/#{view}");
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
        return session;
    }

    public Task ShowAsync(string view) => Page.Locator($".tabs a[data-view={view}]").ClickAsync();

    public async Task ScreenshotAsync(string name)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png") });
    }

    /// <summary>No alert/confirm/prompt and no uncaught script error happened on the page.</summary>
    public void AssertClean()
    {
        Assert.True(Dialogs.IsEmpty, $"unexpected dialogs: {string.Join(" | ", Dialogs)}");
        Assert.True(PageErrors.IsEmpty, $"page errors: {string.Join(" | ", PageErrors)}");
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
