using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using AgUi.Testing;
using Microsoft.Playwright;

namespace AgUi.Playground.Tests.Browser;

/// <summary>An event as the page's event log shows it: its type, the time shown, the ISO time behind it, and its JSON.</summary>
public sealed class LoggedEvent
{
    public string Type { get; set; } = "";

    public string Time { get; set; } = "";

    public string Iso { get; set; } = "";

    public string Json { get; set; } = "";
}

/// <summary>
/// The playground open in a fresh browser context on a test host. It records what the page requests (every
/// URL, and the bodies and answers of the run requests) and takes the test's screenshot when disposed.
/// </summary>
public sealed class PlaygroundPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly string screenshotName;
    private readonly List<Task<string>> runResponses = [];

    private PlaygroundPage(IBrowserContext context, IPage page, string screenshotName)
    {
        this.context = context;
        this.screenshotName = screenshotName;
        Page = page;
        page.Request += (_, request) =>
        {
            lock (RequestedUrls)
            {
                RequestedUrls.Add(request.Url);
                if (IsRun(request))
                {
                    RunRequests.Add(JsonNode.Parse(request.PostData ?? "null")!.AsObject());
                }
            }
        };
        page.Response += (_, response) =>
        {
            if (IsRun(response.Request))
            {
                lock (runResponses)
                {
                    runResponses.Add(response.TextAsync());
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (ConsoleProblems)
                {
                    ConsoleProblems.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (ConsoleProblems)
            {
                ConsoleProblems.Add(error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Every URL the page requested, in order.</summary>
    public List<string> RequestedUrls { get; } = [];

    /// <summary>The JSON body of every run request (<c>POST /api/agent</c> or <c>/api/agents/…</c>), in order.</summary>
    public List<JsonObject> RunRequests { get; } = [];

    /// <summary>Console errors and warnings, and uncaught exceptions.</summary>
    public List<string> ConsoleProblems { get; } = [];

    public ILocator Input => Page.Locator("#composer-input");

    public ILocator Transcript => Page.Locator("#transcript");

    public ILocator AssistantMessages => Page.Locator("#transcript .message.assistant");

    public ILocator ToolCard(string name) => Page.Locator($"#transcript .tool-card[data-tool-name='{name}']");

    /// <summary>Opens the page and waits until its script has set it up (the agents listed, a thread open).</summary>
    public static async Task<PlaygroundPage> OpenAsync(
        ChromiumFixture chromium, AgUiTestHost host, BrowserNewContextOptions? options = null, [CallerMemberName] string screenshotName = "")
    {
        ArgumentNullException.ThrowIfNull(chromium);
        ArgumentNullException.ThrowIfNull(host);
        var context = await chromium.Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = new PlaygroundPage(context, await context.NewPageAsync(), screenshotName);
        await page.Page.GotoAsync(host.BaseAddress.ToString());
        await page.WaitUntilReadyAsync();
        return page;
    }

    public Task WaitUntilReadyAsync() => Expect(Page.Locator("html[data-ready='true']")).ToBeAttachedAsync();

    /// <summary>Types a message and presses Enter, as a person does.</summary>
    public async Task SendAsync(string text)
    {
        await Input.FillAsync(text);
        await Input.PressAsync("Enter");
    }

    /// <summary>Waits until the page has nothing left to do for the last message (every run done, no question open).</summary>
    public Task WaitUntilIdleAsync() => Expect(Transcript).ToHaveAttributeAsync("aria-busy", "false");

    /// <summary>The events of every run response so far, parsed from the SSE bodies the browser received.</summary>
    public async Task<IReadOnlyList<JsonObject>> StreamedEventsAsync()
    {
        Task<string>[] bodies;
        lock (runResponses)
        {
            bodies = [.. runResponses];
        }

        var events = new List<JsonObject>();
        foreach (var body in await Task.WhenAll(bodies))
        {
            foreach (var frame in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                var data = string.Concat(frame.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal)).Select(line => line[6..]));
                if (data.Length > 0)
                {
                    events.Add(JsonNode.Parse(data)!.AsObject());
                }
            }
        }

        return events;
    }

    /// <summary>The entries of the page's event log, in order.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> LoggedEventsAsync() => await Page.EvaluateAsync<LoggedEvent[]>("""
        () => [...document.querySelectorAll('#event-log li.event')].map((item) => ({
          type: item.dataset.type,
          time: item.querySelector('time').textContent,
          iso: item.querySelector('time').getAttribute('datetime'),
          json: item.querySelector('pre').textContent,
        }))
        """);

    /// <summary>Starts recording the text nodes added to the agent's replies: one per rendered delta.</summary>
    public Task RecordReplyDeltasAsync() => Page.EvaluateAsync("""
        () => {
          window.recordedDeltas = [];
          new MutationObserver((records) => {
            for (const record of records) {
              for (const node of record.addedNodes) {
                if (node.nodeType === Node.TEXT_NODE && node.parentElement?.closest('.message.assistant')) {
                  window.recordedDeltas.push(node.textContent);
                }
              }
            }
          }).observe(document.getElementById('transcript'), { childList: true, subtree: true });
        }
        """);

    public async Task<string[]> RecordedReplyDeltasAsync() => await Page.EvaluateAsync<string[]>("() => window.recordedDeltas");

    public async Task<JsonNode?> ShownStateAsync() => JsonNode.Parse(await Page.Locator("#state-view").TextContentAsync() ?? "null");

    public async ValueTask DisposeAsync()
    {
        var directory = Path.Combine(ArtifactPaths.RepositoryRoot, "artifacts", "playground");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{screenshotName}.png"), FullPage = true });
        await context.CloseAsync();
    }

    private static bool IsRun(IRequest request) =>
        request.Method == "POST" && new Uri(request.Url).AbsolutePath is var path && (path == "/api/agent" || path.StartsWith("/api/agents/", StringComparison.Ordinal));
}

/// <summary>Where the tests write what they leave behind: <c>artifacts/</c> at the repository root (git-ignored).</summary>
internal static class ArtifactPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("AGUI_REPO_ROOT") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgUiFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No AgUiFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
