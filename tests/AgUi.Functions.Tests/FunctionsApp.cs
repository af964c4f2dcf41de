using System.Reflection;

namespace AgUi.Functions.Tests;

/// <summary>The built Functions app (src/AgUi.Functions), which this project builds as a project reference.</summary>
public static class FunctionsApp
{
    /// <summary>The app's build output: AgUi.Functions.dll, worker.config.json, functions.metadata and host.json.</summary>
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        var directory = typeof(FunctionsApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsAppDirectory").Value;
        return File.Exists(Path.Combine(directory ?? string.Empty, "worker.config.json"))
            ? directory!
            : throw new InvalidOperationException($"The Functions app is not built in '{directory}'; build this project (or run scripts/functions-build.sh).");
    }
}
