namespace AgUi.Bench.Load;

/// <summary>
/// The load of one phase: instant tokens for events/s and CPU per event, paced streams for added latency, and paced
/// streams held open at once for memory (its live heap is read while they are all open, so its latency is not reported).
/// </summary>
public sealed record PhasePlan(string Name, Scenario Throughput, Scenario Paced, Scenario Held);

/// <summary>
/// How a target is brought from cold to warm: batches of runs until <paramref name="QuietBatches"/> batches in a row each
/// compiled at most <paramref name="QuietMethods"/> methods (tier-up has ended; .NET targets, read through
/// <see cref="ServerProbe"/>), for at most <paramref name="MaxDuration"/>; a target without the probe gets <paramref name="FixedRuns"/> runs.
/// </summary>
/// <remarks>
/// One quiet batch is not enough: the runtime promotes methods only after a pause in new tier-0 compilation, so a
/// quiet batch can come just before a burst of tier-1 (and, with PGO, instrumented) recompilations.
/// </remarks>
public sealed record WarmUpPlan(Scenario Batch, int QuietMethods, int QuietBatches, TimeSpan MaxDuration, int FixedRuns);

/// <summary>One step's load and the server CPU it cost.</summary>
public sealed record StepFigures(LoadResult Load, double ServerCpuSeconds)
{
    public double CpuMicrosecondsPerEvent => ServerCpuSeconds * 1e6 / Math.Max(1, Load.Events);
}

/// <summary>Memory with <paramref name="OpenStreams"/> streams open at once, against the idle server just before.</summary>
public sealed record MemoryFigures(int OpenStreams, long? IdleHeapBytes, long? PeakHeapBytes, long BaselineResidentBytes, long PeakResidentBytes)
{
    public double? HeapKiBPerStream => IdleHeapBytes is { } idle && PeakHeapBytes is { } peak && OpenStreams > 0
        ? (peak - idle) / 1024.0 / OpenStreams
        : null;

    public double ResidentKiBPerStream => Math.Max(0, PeakResidentBytes - BaselineResidentBytes) / 1024.0 / Math.Max(1, OpenStreams);
}

/// <summary>What one phase measured; <paramref name="ProcessAge"/> is how long the server had been running when it began.</summary>
public sealed record PhaseFigures(string Phase, TimeSpan ProcessAge, StepFigures Throughput, StepFigures Paced, MemoryFigures Memory, string LoadAverage)
{
    public IEnumerable<LoadResult> Loads => [Throughput.Load, Paced.Load];
}

/// <summary>How the warm-up went: its runs and time, and whether tier-up was seen to end or the warm-up ran its fixed length.</summary>
public sealed record WarmUpFigures(int Runs, TimeSpan Elapsed, bool TierUpDetected, long? MethodsCompiled, long? LastBatchMethods);

public sealed record TargetPhases(BenchTarget Target, PhaseFigures Cold, WarmUpFigures WarmUp, PhaseFigures Warm);

/// <summary>One fresh server process per target: its cold phase first, then the warm-up, then the same load again, warm.</summary>
public static class PhasedBench
{
    public static async Task<TargetPhases> MeasureAsync(
        BenchTarget target, PhasePlan cold, WarmUpPlan warmUp, PhasePlan warm, ScriptedModelServer model, HttpClient httpClient,
        string repoRoot, IReadOnlyDictionary<string, string> serverEnvironment, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(warmUp);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(serverEnvironment);
        var port = ServerProcess.FindFreePort();
        var startInfo = target.CreateStartInfo(port, model.BaseUrl);
        foreach (var (name, value) in serverEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        var probe = target.IsDotnet ? ServerProbe.Attach(startInfo, repoRoot) : null;
        await using var server = await ServerProcess.StartAsync(startInfo, port, TimeSpan.FromSeconds(60), cancellationToken);
        var endpoint = new Uri(server.BaseUrl, BenchTarget.RunPath);
        var run = new PhaseRun(server, probe, endpoint, model, httpClient, progress, cancellationToken);

        var coldFigures = await run.MeasureAsync(cold);
        var warmUpFigures = await run.WarmUpAsync(warmUp);
        var warmFigures = await run.MeasureAsync(warm);
        return new TargetPhases(target, coldFigures, warmUpFigures, warmFigures);
    }

    private sealed class PhaseRun(
        ServerProcess server, ServerProbe? probe, Uri endpoint, ScriptedModelServer model, HttpClient httpClient, Action<string>? progress,
        CancellationToken cancellationToken)
    {
        public async Task<PhaseFigures> MeasureAsync(PhasePlan plan)
        {
            var age = System.Diagnostics.Stopwatch.GetElapsedTime(server.SpawnedAt);
            var throughput = await StepAsync(plan.Throughput);
            var paced = await StepAsync(plan.Paced);
            var memory = await HoldAsync(plan.Held);
            return new PhaseFigures(plan.Name, age, throughput, paced, memory, await ReadLoadAverageAsync());
        }

        public async Task<WarmUpFigures> WarmUpAsync(WarmUpPlan plan)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var runs = 0;
            if (probe is null)
            {
                while (runs < plan.FixedRuns)
                {
                    await StepAsync(plan.Batch);
                    runs += plan.Batch.Runs;
                }

                return new WarmUpFigures(runs, System.Diagnostics.Stopwatch.GetElapsedTime(started), false, null, null);
            }

            var methods = await probe.ReadCompiledMethodsAsync(cancellationToken);
            var first = methods;
            var quiet = 0;
            while (true)
            {
                await StepAsync(plan.Batch);
                runs += plan.Batch.Runs;
                var now = await probe.ReadCompiledMethodsAsync(cancellationToken);
                var compiled = now - methods;
                methods = now;
                quiet = compiled <= plan.QuietMethods ? quiet + 1 : 0;
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                progress?.Invoke(FormattableString.Invariant($"  warm-up {elapsed.TotalSeconds:F1} s, {runs} runs: {compiled} methods compiled in the last batch"));
                if (quiet >= plan.QuietBatches || elapsed >= plan.MaxDuration)
                {
                    return new WarmUpFigures(runs, elapsed, quiet >= plan.QuietBatches, methods - first, compiled);
                }
            }
        }

        private async Task<StepFigures> StepAsync(Scenario scenario)
        {
            model.Script = scenario.Script;
            var cpuBefore = server.CpuTime;
            var load = await Runner(scenario).RunAsync(cancellationToken);
            return new StepFigures(load, (server.CpuTime - cpuBefore).TotalSeconds);
        }

        /// <summary>
        /// Opens the scenario's streams and, once the ramp-up is over and all should be open, reads the live heap; the
        /// resident peak is the kernel's high-water mark over the whole step.
        /// </summary>
        private async Task<MemoryFigures> HoldAsync(Scenario scenario)
        {
            model.Script = scenario.Script;
            long? idleHeap = probe is null ? null : await probe.ReadLiveHeapAsync(cancellationToken);
            var baseline = server.ResidentBytes;
            if (!server.ResetPeakResident())
            {
                throw new InvalidOperationException($"Cannot reset the peak RSS of process {server.Id} (/proc/{server.Id}/clear_refs).");
            }

            var runner = Runner(scenario);
            var running = runner.RunAsync(cancellationToken);
            var wanted = Math.Min(scenario.Concurrency, scenario.Runs);
            var deadline = System.Diagnostics.Stopwatch.GetTimestamp();
            while (runner.OpenStreams < wanted && !running.IsCompleted &&
                System.Diagnostics.Stopwatch.GetElapsedTime(deadline) < scenario.RampUp + TimeSpan.FromSeconds(5))
            {
                await Task.Delay(10, cancellationToken);
            }

            var open = runner.OpenStreams;
            long? peakHeap = probe is null ? null : await probe.ReadLiveHeapAsync(cancellationToken);
            var load = await running;
            if (load.FailedRuns > 0)
            {
                throw new InvalidOperationException($"Runs failed while streams were held open: {load.FailureSamples[0]}\n{server.RecentOutput}");
            }

            return new MemoryFigures(open, idleHeap, peakHeap, baseline, server.PeakResidentBytes);
        }

        private LoadRunner Runner(Scenario scenario) => new(new LoadOptions
        {
            Target = endpoint,
            Concurrency = scenario.Concurrency,
            Runs = scenario.Runs,
            RampUp = scenario.RampUp,
        }, httpClient);
    }

    /// <summary>The one-minute load average, or "n/a" off Linux.</summary>
    public static async Task<string> ReadLoadAverageAsync() =>
        File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "n/a";
}
