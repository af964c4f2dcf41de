using Microsoft.Playwright;

namespace AgUi.Playground.Tests.Browser;

/// <summary>
/// One headless Chromium for every browser test: Debian's <c>chromium</c> package (scripts/test.sh installs it),
/// driven through Playwright without any browser download. <c>AGUI_CHROMIUM</c> points at another Chromium or Chrome.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private const string DefaultExecutable = "/usr/bin/chromium";

    // Without these, Chromium tries to reach Google's services, and this machine's closed network refuses them.
    private static readonly string[] QuietOffline =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions",
    ];

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("AGUI_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"No Chromium at {executable}. scripts/test.sh installs Debian's chromium package (apt-get install chromium); " +
                "elsewhere set AGUI_CHROMIUM to a Chromium or Chrome executable.");
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        // Playwright gives every launch a fresh temporary profile (--user-data-dir) and removes it on close.
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = QuietOffline,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumTests : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
