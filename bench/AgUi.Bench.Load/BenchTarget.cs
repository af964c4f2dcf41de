using System.Diagnostics;

namespace AgUi.Bench.Load;

/// <summary>A server the load tool can start and measure: how to launch it against the scripted model.</summary>
/// <param name="IsDotnet">A .NET process, so the bench probe (<see cref="ServerProbe"/>) can be loaded into it.</param>
public sealed record BenchTarget(string Name, string Description, Func<int, Uri, ProcessStartInfo> CreateStartInfo, bool IsDotnet)
{
    public const string AgUiName = "agui";
    public const string ExpressName = "express";
    public const string RawKestrelName = "raw";

    /// <summary>The run endpoint path every target serves.</summary>
    public const string RunPath = "/api/agent";

    /// <summary>The three targets of the comparison, with their builds looked up under <paramref name="repoRoot"/>.</summary>
    /// <param name="agUiAppDirectory">Where AgUi.Server.dll is, when not its build output (e.g. the published app).</param>
    public static IReadOnlyList<BenchTarget> All(string repoRoot, string configuration = "Release", string? agUiAppDirectory = null) =>
    [
        AgUiServer(repoRoot, configuration, agUiAppDirectory),
        ExpressReference(repoRoot),
        RawKestrel(repoRoot, configuration),
    ];

    public static BenchTarget Find(string name, string repoRoot, string configuration = "Release", string? agUiAppDirectory = null) =>
        All(repoRoot, configuration, agUiAppDirectory).FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown target '{name}'; use {AgUiName}, {ExpressName} or {RawKestrelName}.", nameof(name));

    /// <summary>src/AgUi.Server with the OpenAI-compatible provider pointed at the scripted model.</summary>
    public static BenchTarget AgUiServer(string repoRoot, string configuration = "Release", string? appDirectory = null) =>
        new(AgUiName, "AgUi.Server (OpenAICompatible provider)", (port, model) =>
        {
            var directory = appDirectory ?? Path.Combine(repoRoot, "src", "AgUi.Server", "bin", configuration, "net10.0");
            var start = DotnetApp(Path.Combine(directory, "AgUi.Server.dll"), port);
            start.Environment["AgUi__Model__Provider"] = "OpenAICompatible";
            start.Environment["AgUi__Model__Endpoint"] = model.ToString();
            start.Environment["AgUi__Model__Model"] = "scripted";
            return start;
        }, IsDotnet: true);

    /// <summary>bench/reference-express: Express, @ag-ui/encoder and the openai client, as CometChat's docs show.</summary>
    public static BenchTarget ExpressReference(string repoRoot) =>
        new(ExpressName, "Express + @ag-ui/encoder + openai (reference)", (port, model) =>
        {
            var directory = Path.Combine(repoRoot, "bench", "reference-express");
            var start = new ProcessStartInfo("node") { WorkingDirectory = directory };
            start.ArgumentList.Add(Path.Combine(directory, "server.js"));
            start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["OPENAI_BASE_URL"] = model.ToString();
            start.Environment["OPENAI_MODEL"] = "scripted";
            start.Environment["NODE_ENV"] = "production";
            return start;
        }, IsDotnet: false);

    /// <summary>bench/AgUi.Bench.RawKestrel: the model's tokens relayed as pre-encoded SSE bytes, the ceiling.</summary>
    public static BenchTarget RawKestrel(string repoRoot, string configuration = "Release") =>
        new(RawKestrelName, "raw Kestrel relay, pre-encoded SSE (ceiling)", (port, model) =>
        {
            var start = DotnetApp(Path.Combine(repoRoot, "bench", "AgUi.Bench.RawKestrel", "bin", configuration, "net10.0", "AgUi.Bench.RawKestrel.dll"), port);
            start.Environment["Model__Endpoint"] = model.ToString();
            return start;
        }, IsDotnet: true);

    /// <summary>The directory holding AgUiFunctions.sln: <c>AGUI_REPO_ROOT</c>, else the nearest parent of this program.</summary>
    public static string FindRepoRoot()
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

        throw new InvalidOperationException("Cannot find the repository root; set AGUI_REPO_ROOT.");
    }

    private static ProcessStartInfo DotnetApp(string assembly, int port)
    {
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Build it first (dotnet build -c Release): {assembly}", assembly);
        }

        // The app's own folder as working directory, as a deployment has it: ASP.NET Core takes its content
        // root, and so its appsettings.json (log levels included), from there.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly) };
        start.ArgumentList.Add(assembly);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }
}
