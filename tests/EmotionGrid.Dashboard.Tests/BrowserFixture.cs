using Microsoft.Playwright;
using EmotionGrid.Testing;

namespace EmotionGrid.Dashboard.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, without downloading a browser: the driver (node and the
/// Playwright package) comes with the NuGet package into <c>.playwright/</c> beside the test assembly,
/// and the browser is <c>/usr/bin/chromium</c> (apt package <c>chromium</c>). When it is not installed
/// every browser test skips with the reason (and fails under EMOTIONGRID_REQUIRE_ALL=1).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] CommonArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        // The driver lives in .playwright/ next to this assembly (copied there by the package's build targets);
        // point at it explicitly so a different working directory or a stale global setting cannot send it elsewhere.
        if (Directory.Exists(Path.Combine(AppContext.BaseDirectory, ".playwright")))
        {
            Environment.SetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH", AppContext.BaseDirectory);
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
    }

    /// <summary>The shared browser (fake microphone playing a beep); skips or fails when Chromium is missing.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        Require();
        return _browser ??= await LaunchAsync();
    }

    /// <summary>A browser of its own whose fake microphone plays <paramref name="wav"/> (the flag is per launch).</summary>
    public Task<IBrowser> LaunchWithMicrophoneAsync(string wav)
    {
        Require();
        return LaunchAsync($"--use-file-for-fake-audio-capture={wav}");
    }

    private Task<IBrowser> LaunchAsync(params string[] extra) =>
        _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = [.. CommonArgs, .. extra],
            Timeout = 60_000,
        });

    private void Require()
    {
        if (!File.Exists(ChromiumPath))
        {
            Requirement.Unmet($"Debian chromium is not installed ({ChromiumPath}; apt-get install chromium)");
        }

        if (_playwright is null)
        {
            throw new InvalidOperationException("Playwright did not start");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
