using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AgUi.Bench.Load;

/// <summary>
/// The load tool's side of bench/AgUi.Bench.Probe, a startup hook loaded into a .NET server under test: what the
/// server's runtime knows (methods compiled so far, the live managed heap), asked over loopback.
/// </summary>
public sealed class ServerProbe(int port)
{
    private const string PortVariable = "AGUI_BENCH_PROBE_PORT";

    /// <summary>Loads the probe into the process <paramref name="startInfo"/> starts, listening on a free port.</summary>
    public static ServerProbe Attach(System.Diagnostics.ProcessStartInfo startInfo, string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        var hook = Path.Combine(repoRoot, "bench", "AgUi.Bench.Probe", "bin", "Release", "net10.0", "AgUi.Bench.Probe.dll");
        if (!File.Exists(hook))
        {
            throw new FileNotFoundException($"Build it first (dotnet build -c Release): {hook}", hook);
        }

        var port = ServerProcess.FindFreePort();
        startInfo.Environment["DOTNET_STARTUP_HOOKS"] = hook;
        startInfo.Environment[PortVariable] = port.ToString(CultureInfo.InvariantCulture);
        return new ServerProbe(port);
    }

    /// <summary>Methods the server's JIT has compiled so far (every tier counts).</summary>
    public async Task<long> ReadCompiledMethodsAsync(CancellationToken cancellationToken) =>
        long.Parse(await AskAsync("jit", cancellationToken), CultureInfo.InvariantCulture);

    /// <summary>The bytes live on the server's managed heap after a full, blocking, compacting collection.</summary>
    public async Task<long> ReadLiveHeapAsync(CancellationToken cancellationToken) =>
        long.Parse(await AskAsync("heap", cancellationToken), CultureInfo.InvariantCulture);

    private async Task<string> AskAsync(string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        await using var writer = new StreamWriter(stream) { AutoFlush = true };
        await writer.WriteLineAsync(command.AsMemory(), cancellationToken);
        return await reader.ReadLineAsync(cancellationToken) ?? throw new IOException($"The probe closed without answering '{command}'.");
    }
}
