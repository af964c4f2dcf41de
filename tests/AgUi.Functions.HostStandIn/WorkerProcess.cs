using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AgUi.Functions.HostStandIn;

/// <summary>
/// The worker process, started the way the Functions host starts a .NET isolated worker: the executable and
/// worker path from the app's <c>worker.config.json</c>, run in the app's directory with the host's
/// command-line arguments, the app settings as environment variables (<c>:</c> written <c>__</c>) and the
/// directory variables the worker reads. Its standard output and error are kept, as the host logs them.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    /// <summary>The host sends no message larger than this, and tells the worker so.</summary>
    private static readonly string MaxMessageLength = int.MaxValue.ToString(CultureInfo.InvariantCulture);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private WorkerProcess(Process process, long spawnedAt)
    {
        this.process = process;
        SpawnedAt = spawnedAt;
    }

    /// <summary>When the process was spawned (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long SpawnedAt { get; }

    /// <summary>Lines the worker wrote to standard output and error.</summary>
    public IReadOnlyList<string> Output => [.. output];

    public Task Exited => process.WaitForExitAsync();

    public static WorkerProcess Start(string appDirectory, Uri hostUri, string workerId, IReadOnlyDictionary<string, string> appSettings)
    {
        ArgumentNullException.ThrowIfNull(hostUri);
        ArgumentNullException.ThrowIfNull(appSettings);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");
        var start = new ProcessStartInfo(description.GetProperty("defaultExecutablePath").GetString()!)
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, description.GetProperty("defaultWorkerPath").GetString()!));

        // RpcWorkerContext.GetFormattedArguments in the host: the old names, then the "functions-" ones the worker reads.
        var requestId = Guid.NewGuid().ToString();
        string[] arguments =
        [
            "--host", hostUri.Host, "--port", hostUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", MaxMessageLength,
            "--functions-uri", hostUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", MaxMessageLength,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // This machine's own AgUi settings must not leak into the app under test.
        foreach (var inherited in start.Environment.Keys.Where(IsAppSetting).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        foreach (var (key, value) in appSettings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var spawnedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var worker = new WorkerProcess(process, spawnedAt);
        process.OutputDataReceived += (_, line) => worker.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits for the worker to stop by itself (after WorkerTerminate) and kills it past <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsAppSetting(string name) =>
        name.StartsWith("AgUi", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("ThreadStorage", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase);

    private void Keep(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }
}
