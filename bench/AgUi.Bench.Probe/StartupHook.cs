using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Threading;

/// <summary>
/// Loaded into a .NET server under test through <c>DOTNET_STARTUP_HOOKS</c>, with <c>AGUI_BENCH_PROBE_PORT</c>
/// naming a loopback port. It answers one line per connection, so the load tool can read from outside what
/// only the runtime knows: <c>jit</c> gives the methods compiled so far and the time spent compiling them
/// (tier-up has ended when a whole batch of runs compiles nothing new); <c>heap</c> runs a full blocking,
/// compacting collection and gives the bytes still live, the managed heap a gcdump would show.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("AGUI_BENCH_PROBE_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return;
        }

        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "bench probe" }.Start();
    }

    private static void Serve(TcpListener listener)
    {
        while (true)
        {
            using var client = listener.AcceptTcpClient();
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream);
            using var writer = new StreamWriter(stream) { AutoFlush = true };
            writer.WriteLine(Answer(reader.ReadLine()));
        }
    }

    private static string Answer(string? command)
    {
        switch (command)
        {
            case "jit":
                return JitInfo.GetCompiledMethodCount().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case "heap":
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                return GC.GetTotalMemory(forceFullCollection: false).ToString(CultureInfo.InvariantCulture);
            default:
                return "unknown";
        }
    }
}
