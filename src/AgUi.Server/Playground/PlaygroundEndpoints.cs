using AgUi.Runtime.Agents;
using AgUi.Runtime.Hosting;
using Microsoft.Extensions.FileProviders;

namespace AgUi.Server.Playground;

/// <summary>
/// The browser playground: a page built on <c>@ag-ui/client</c> (Playground/web, bundled by esbuild into this
/// assembly's resources at build time) at <c>GET /</c>, its files under <c>/playground/</c>, and the agents its
/// picker offers at <c>GET /playground/agents</c>. Served only when <c>AgUi:Playground:Enabled</c> is true,
/// which is the default in Development and nowhere else.
/// </summary>
public static partial class PlaygroundEndpoints
{
    public const string EnabledSetting = "AgUi:Playground:Enabled";

    public const string FilesPath = "/playground";

    public const string AgentsPath = "/playground/agents";

    /// <summary>The page runs only this host's own script and styles and talks only to this host.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string PageFile = "index.html";

    // Playground.targets embeds the bundle under this prefix: AgUi.Server.Playground.<file name>.
    private const string ResourcePrefix = "AgUi.Server.Playground";

    /// <summary>Serves the playground when <see cref="EnabledSetting"/> says so, and logs whether it does.</summary>
    public static void UsePlayground(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlaygroundEndpoints).FullName!);
        var configured = app.Configuration.GetValue<bool?>(EnabledSetting);
        var enabled = configured ?? app.Environment.IsDevelopment();
        var source = configured is null ? $"the default in the {app.Environment.EnvironmentName} environment" : "as configured";
        if (!enabled)
        {
            LogDisabled(logger, source);
            return;
        }

        var files = new EmbeddedFileProvider(typeof(PlaygroundEndpoints).Assembly, ResourcePrefix);
        var page = files.GetFileInfo(PageFile);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = FilesPath,
            OnPrepareResponse = context => AddPageHeaders(context.Context.Response),
        });
        app.MapGet("/", (HttpContext context) =>
        {
            AddPageHeaders(context.Response);
            return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8", lastModified: page.LastModified);
        }).ExcludeFromDescription();
        app.MapGet(AgentsPath, (HttpContext context, AgentCatalog catalog) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(ListAgents(catalog), PlaygroundJsonContext.Default.PlaygroundAgentList);
        }).RequireFunctionKey().ExcludeFromDescription();
        LogEnabled(logger, source);
    }

    private static PlaygroundAgentList ListAgents(AgentCatalog catalog) => new(
        [.. catalog.Names.Select(name => new PlaygroundAgent(
            name,
            name == AgentNames.Default
                ? AgUiEndpointRouteBuilderExtensions.DefaultPattern
                : AgUiEndpointRouteBuilderExtensions.NamedAgentPattern.Replace("{name}", Uri.EscapeDataString(name), StringComparison.Ordinal)))]);

    private static void AddPageHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // Revalidated on every load, so a rebuilt page shows at once.
        response.Headers.CacheControl = "no-cache";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Playground: serving the page at / (" + EnabledSetting + " is true, {Source}).")]
    private static partial void LogEnabled(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Playground: off (" + EnabledSetting + " is false, {Source}); set it to true to serve the page at /.")]
    private static partial void LogDisabled(ILogger logger, string source);
}

/// <summary>What <c>GET /playground/agents</c> answers: the agents this host serves, the default one first.</summary>
internal sealed record PlaygroundAgentList(IReadOnlyList<PlaygroundAgent> Agents);

/// <summary>An agent's name and the path of its run endpoint.</summary>
internal sealed record PlaygroundAgent(string Name, string Url);
