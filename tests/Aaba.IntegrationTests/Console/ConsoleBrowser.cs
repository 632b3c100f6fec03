using Microsoft.Playwright;

namespace Aaba.IntegrationTests.Console;

/// <summary>
/// One headless Chromium for the console's browser tests: Debian's <c>/usr/bin/chromium</c> driven by Playwright
/// (browsers cannot be downloaded here; <c>scripts/test.sh</c> installs the package when it is missing), started
/// with the flags that keep it off the network (background updates, sync, QUIC). Each test opens its own context,
/// so cookies never leak from one to another.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the tests leave their screenshots (<c>.run/console/</c>); <c>docs/</c> gets them only when asked (see <see cref="UpdateDocs"/>).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Aaba.Testing.RepositoryPaths.Root(), ".run", "console");

    /// <summary><c>AABA_UPDATE_SCREENSHOTS=1</c> (as <c>scripts/screenshot.sh</c> sets it): the README's screenshots in docs/ are rewritten.</summary>
    public static bool UpdateDocs => Environment.GetEnvironmentVariable("AABA_UPDATE_SCREENSHOTS") == "1";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install chromium (scripts/test.sh does it when run as root).");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            ChromiumSandbox = false,
            Args =
            [
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Directory.CreateDirectory(ScreenshotFolder);
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    /// <summary>A fresh context (no cookies) on the API, at desktop size unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
