using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AgUi.Protocol.Events;
using AgUi.Protocol.Json;

namespace AgUi.Protocol.Tests.Verification;

/// <summary>
/// @ag-ui/client 1.0.0's own sequence verifier (<c>verifyEvents</c>), run in Node by
/// tests/conformance/verify-streams.mjs over the client installed in tests/conformance/node_modules.
/// </summary>
internal static class OfficialClientVerifier
{
    /// <summary>For each stream: how many events the client let through, and the error it raised, if any.</summary>
    public static IReadOnlyList<(int Accepted, string? Error)> Replay(IReadOnlyList<IReadOnlyList<BaseEvent>> streams)
    {
        var conformance = Path.Combine(FindRepoRoot(), "tests", "conformance");
        if (!Directory.Exists(Path.Combine(conformance, "node_modules", "ag-ui-client-1.0.0")))
        {
            throw new InvalidOperationException("@ag-ui/client is not installed: run npm ci --prefix tests/conformance (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node", ["verify-streams.mjs"])
        {
            WorkingDirectory = conformance,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        foreach (var stream in streams)
        {
            node.StandardInput.Write('[');
            node.StandardInput.Write(string.Join(',', stream.Select(e => JsonSerializer.Serialize(e, AgUiJsonContext.Default.BaseEvent))));
            node.StandardInput.Write("]\n");
        }

        node.StandardInput.Close();
        if (!node.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            node.Kill();
            throw new TimeoutException("verify-streams.mjs did not finish within 2 minutes.");
        }

        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (node.ExitCode != 0 || lines.Length != streams.Count)
        {
            throw new InvalidOperationException($"verify-streams.mjs exited {node.ExitCode} with {lines.Length} of {streams.Count} answers: {errors.Result}");
        }

        return [.. lines.Select(line =>
        {
            using var answer = JsonDocument.Parse(line);
            return (answer.RootElement.GetProperty("accepted").GetInt32(), answer.RootElement.GetProperty("error").GetString());
        })];
    }

    /// <summary><c>AGUI_REPO_ROOT</c> (scripts/test.sh sets it), else the nearest parent holding AgUiFunctions.sln.</summary>
    private static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("AGUI_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgUiFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AgUiFunctions.sln) was not found above the test binaries; set AGUI_REPO_ROOT.");
    }
}
