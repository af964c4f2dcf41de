using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AgUi.Bench.Load;

/// <summary>The cold and warm tables, the cold-start rows and the targets, as Markdown.</summary>
public static class ComparisonReport
{
    private const double HeapAboveRawGoalKiB = 16;
    private const double ColdOverWarmCpuGoal = 2;
    private const double StandaloneColdStartGoalMs = 300;
    private const double WorkerInitGoalMs = 450;

    public static string Format(IReadOnlyList<TargetPhases> targets, IReadOnlyList<ColdStartFigures> coldStarts, PhasePlan cold, WarmUpPlan warmUp, PhasePlan warm)
    {
        ArgumentNullException.ThrowIfNull(warmUp);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(coldStarts);
        ArgumentNullException.ThrowIfNull(cold);
        ArgumentNullException.ThrowIfNull(warm);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, ")
            .Append(CultureInfo.InvariantCulture, $"{RuntimeInformation.FrameworkDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.")
            .AppendLine().AppendLine();

        if (targets.Count > 0)
        {
            text.AppendLine(Invariant($"Cold: a fresh process's first {Describe(cold)}. Warm: after the warm-up below, {Describe(warm)}."));
            text.AppendLine();
            text.AppendLine("| Target | Phase | Process age s | Events/s | Server CPU µs per event | Added latency p50 / p99 ms | Live heap KiB per open stream | RSS KiB per open stream | Streams open | Failed runs | Load avg |");
            text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var target in targets)
            {
                foreach (var phase in new[] { target.Cold, target.Warm })
                {
                    var memory = phase.Memory;
                    text.AppendLine(Invariant(
                        $"| {target.Target.Description} | {phase.Phase} | {phase.ProcessAge.TotalSeconds:F1} | {phase.Throughput.Load.EventsPerSecond:N0} | {phase.Throughput.CpuMicrosecondsPerEvent:F1} | ") +
                        Invariant($"{Ms(phase.Paced.Load.AddedLatencyP50Ms)} / {Ms(phase.Paced.Load.AddedLatencyP99Ms)} | {KiB(memory.HeapKiBPerStream)} | {memory.ResidentKiBPerStream:F1} | {memory.OpenStreams} | ") +
                        Invariant($"{phase.Loads.Sum(l => l.FailedRuns)} | {phase.LoadAverage} |"));
                }
            }

            text.AppendLine();
            text.AppendLine("| Target | Warm-up runs | Warm-up s | How warm was reached |");
            text.AppendLine("| --- | ---: | ---: | --- |");
            foreach (var target in targets)
            {
                var w = target.WarmUp;
                var how = w.MethodsCompiled is null ? "fixed length (no probe in this process)"
                    : w.TierUpDetected ? Invariant($"tier-up detected: {warmUp.QuietBatches} batches of {warmUp.Batch.Runs} runs in a row compiled at most {warmUp.QuietMethods} methods each ({w.MethodsCompiled} during the warm-up)")
                    : Invariant($"**not detected** within the limit: the last batch still compiled {w.LastBatchMethods} methods ({w.MethodsCompiled} during the warm-up)");
                text.AppendLine(Invariant($"| {target.Target.Description} | {w.Runs} | {w.Elapsed.TotalSeconds:F1} | {how} |"));
            }

            text.AppendLine();
        }

        if (coldStarts.Count > 0)
        {
            text.AppendLine("Cold start, medians (min-max) of fresh processes, the first request sent as soon as the host was ready:");
            text.AppendLine();
            text.AppendLine("| Host | Ready when | Spawn → ready ms | Spawn → functions loaded ms | First request → first SSE byte ms | Spawn → first SSE byte ms | Starts | Load avg |");
            text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var start in coldStarts)
            {
                var loaded = start.Samples.Any(s => s.ToLoaded is not null) ? Spread(start.Samples.Select(s => s.ToLoaded!.Value)) : "n/a";
                text.AppendLine(Invariant(
                    $"| {start.Host} | {start.Ready} | {Spread(start.Samples.Select(s => s.ToReady))} | {loaded} | {Spread(start.Samples.Select(s => s.FirstRequestToFirstByte))} | ") +
                    Invariant($"{Spread(start.Samples.Select(s => s.ToFirstByte))} | {start.Samples.Count} | {start.LoadAverage} |"));
            }

            text.AppendLine();
        }

        AppendTargets(text, targets, coldStarts);
        return text.ToString();
    }

    private static void AppendTargets(StringBuilder text, IReadOnlyList<TargetPhases> targets, IReadOnlyList<ColdStartFigures> coldStarts)
    {
        var agUi = targets.FirstOrDefault(t => t.Target.Name == BenchTarget.AgUiName);
        var raw = targets.FirstOrDefault(t => t.Target.Name == BenchTarget.RawKestrelName);
        var rows = new List<string>();
        if (agUi is not null && raw is not null)
        {
            var above = agUi.Warm.Throughput.CpuMicrosecondsPerEvent - raw.Warm.Throughput.CpuMicrosecondsPerEvent;
            rows.Add(Invariant($"| Warm server CPU per event above the raw relay (the SDK's parse and enumerators included; see the README for the product's own share) | {above:F1} µs | (≤ 1 µs for the product's own layers) | see README |"));
            if (agUi.Warm.Memory.HeapKiBPerStream is { } heap && raw.Warm.Memory.HeapKiBPerStream is { } rawHeap)
            {
                rows.Add(Invariant($"| Warm live heap per open stream | {heap:F1} KiB; raw {rawHeap:F1} KiB (+{heap - rawHeap:F1}) | ≤ raw + {HeapAboveRawGoalKiB} KiB | {Met(heap - rawHeap <= HeapAboveRawGoalKiB)} |"));
            }
        }

        if (agUi is not null)
        {
            var ratio = agUi.Cold.Throughput.CpuMicrosecondsPerEvent / agUi.Warm.Throughput.CpuMicrosecondsPerEvent;
            rows.Add(Invariant($"| AgUi cold CPU per event over warm | {ratio:F2}× ({agUi.Cold.Throughput.CpuMicrosecondsPerEvent:F1} / {agUi.Warm.Throughput.CpuMicrosecondsPerEvent:F1} µs) | ≤ {ColdOverWarmCpuGoal}× | {Met(ratio <= ColdOverWarmCpuGoal)} |"));
        }

        if (coldStarts.FirstOrDefault(c => c.Ready == "listening" && c.Host.StartsWith("AgUi", StringComparison.Ordinal)) is { } standalone)
        {
            var median = Median(standalone.Samples.Select(s => s.ToFirstByte));
            rows.Add(Invariant($"| Standalone cold start to the first SSE byte | {median:F0} ms | ≤ {StandaloneColdStartGoalMs} ms | {Met(median <= StandaloneColdStartGoalMs)} |"));
        }

        if (coldStarts.FirstOrDefault(c => c.Ready == "WorkerInitResponse") is { } worker)
        {
            var median = Median(worker.Samples.Select(s => s.ToReady));
            rows.Add(Invariant($"| Functions worker spawn to init, through the stand-in | {median:F0} ms | ≤ {WorkerInitGoalMs} ms | {Met(median <= WorkerInitGoalMs)} |"));
        }

        if (rows.Count == 0)
        {
            return;
        }

        text.AppendLine("| Target | Measured | Goal | Met |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }
    }

    private static string Describe(PhasePlan plan) =>
        Invariant($"{plan.Throughput.Runs} runs of {plan.Throughput.Script.TokenCount} instant tokens, {plan.Throughput.Concurrency} at a time (events/s, CPU); ") +
        Invariant($"{plan.Paced.Runs} runs of {plan.Paced.Script.TokenCount} tokens every {plan.Paced.Script.TokenInterval.TotalMilliseconds:F0} ms, {plan.Paced.Concurrency} at a time (latency); ") +
        Invariant($"{plan.Held.Runs} such runs held open at once (memory)");

    private static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Spread(IEnumerable<TimeSpan> values)
    {
        var list = values.ToList();
        return Invariant($"{Median(list):F0} ({list.Min().TotalMilliseconds:F0}-{list.Max().TotalMilliseconds:F0})");
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string KiB(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "n/a";

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
