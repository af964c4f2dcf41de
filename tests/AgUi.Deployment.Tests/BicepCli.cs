using System.Diagnostics;
using System.Xml.Linq;

namespace AgUi.Deployment.Tests;

/// <summary>
/// The Bicep CLI that <c>scripts/bicep-check.sh</c> restores from NuGet into <c>.tools/</c>, at the
/// version <c>scripts/bicep-cli/BicepCli.csproj</c> pins.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> Executable = new(Find);

    /// <summary>Runs the CLI and returns its standard output; a non-zero exit is an error carrying standard error.</summary>
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable.Value} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{error.Result}");
        }

        return output.Result;
    }

    private static string Find()
    {
        var version = XDocument.Load(RepositoryFiles.PathOf("scripts/bicep-cli/BicepCli.csproj"))
            .Descendants("PackageDownload")
            .Single(item => (string?)item.Attribute("Include") == "Azure.Bicep.CommandLine.linux-x64")
            .Attribute("Version")!.Value.Trim('[', ']');
        var path = RepositoryFiles.PathOf($".tools/packages/azure.bicep.commandline.linux-x64/{version}/tools/bicep");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The Bicep CLI {version} is not at {path}. Run scripts/bicep-check.sh: it restores the CLI from NuGet.");
    }
}
