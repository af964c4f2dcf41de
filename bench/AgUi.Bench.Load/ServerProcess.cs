using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AgUi.Bench.Load;

/// <summary>
/// A server under test, started as its own process on a loopback port, so its CPU time and resident
/// memory can be read from the kernel (<c>/proc/&lt;pid&gt;</c>) apart from the load tool's own.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 40;

    private readonly Process process;
    private readonly Queue<string> output = new();

    private const int ListenPollMilliseconds = 2;

    private ServerProcess(Process process, Uri baseUrl, long spawnedAt)
    {
        this.process = process;
        BaseUrl = baseUrl;
        SpawnedAt = spawnedAt;
    }

    public Uri BaseUrl { get; }

    /// <summary>When the process was spawned (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long SpawnedAt { get; }

    /// <summary>When the port first accepted a connection (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long ListeningAt { get; private set; }

    public int Id => process.Id;

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Resident set size now (VmRSS).</summary>
    public long ResidentBytes
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>The highest resident set size since start or the last <see cref="ResetPeakResident"/> (VmHWM).</summary>
    public long PeakResidentBytes
    {
        get
        {
            process.Refresh();
            return process.PeakWorkingSet64;
        }
    }

    /// <summary>The last lines the server wrote, for error reports.</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process and waits until <paramref name="port"/> accepts connections.</summary>
    public static async Task<ServerProcess> StartAsync(ProcessStartInfo startInfo, int port, TimeSpan readyTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        var spawnedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), spawnedAt);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)} exited with {process.ExitCode}:\n{server.RecentOutput}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                server.ListeningAt = Stopwatch.GetTimestamp();
                return server;
            }
            catch (SocketException) when (deadline.Elapsed < readyTimeout)
            {
                // A short poll: the cold-start figures are read from when the port first answers.
                await Task.Delay(ListenPollMilliseconds, cancellationToken);
            }
            catch (SocketException)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"{startInfo.FileName} did not listen on port {port} within {readyTimeout}:\n{server.RecentOutput}");
            }
        }
    }

    /// <summary>
    /// Resets the kernel's peak-RSS mark (<c>echo 5 &gt; /proc/&lt;pid&gt;/clear_refs</c>), so the peak
    /// measured next belongs to the load that follows, not to start-up or warm-up. False where not allowed.
    /// </summary>
    public bool ResetPeakResident()
    {
        try
        {
            File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > KeptOutputLines)
            {
                output.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
