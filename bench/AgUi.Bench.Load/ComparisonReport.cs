using System.Globalization;
using System.Text;

namespace AgUi.Bench.Load;

/// <summary>The figures table and the ratios the project's targets are stated in, as Markdown.</summary>
public static class ComparisonReport
{
    public static string Format(IReadOnlyList<Measurement> measurements, Scenario throughput, Scenario streams)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, ")
            .Append(CultureInfo.InvariantCulture, $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.")
            .AppendLine().AppendLine();
        text.AppendLine("| Scenario | Target | Runs (failed) | Events/s | First event p50 / p99 ms | Added latency p50 / p99 ms | Server CPU s | Server CPU µs per event | Load tool CPU s | Peak RSS MiB | KiB per open stream | Load avg |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var m in measurements)
        {
            var load = m.Load;
            text.Append(CultureInfo.InvariantCulture, $"| {m.Scenario.Name} | {m.Target.Description} | {load.Runs} ({load.FailedRuns}) | {load.EventsPerSecond:N0} | ")
                .Append(CultureInfo.InvariantCulture, $"{Ms(load.TimeToFirstEventP50Ms)} / {Ms(load.TimeToFirstEventP99Ms)} | {Ms(load.AddedLatencyP50Ms)} / {Ms(load.AddedLatencyP99Ms)} | ")
                .Append(CultureInfo.InvariantCulture, $"{m.CpuSeconds:F2} | {m.CpuSeconds * 1e6 / Math.Max(1, load.Events):F1} | {m.LoadToolCpuSeconds:F2} | {m.PeakResidentBytes / 1024.0 / 1024.0:F0} | {m.KiBPerOpenStream:F1} | {m.LoadAverage} |")
                .AppendLine();
        }

        text.AppendLine();
        var agUiThroughput = Find(measurements, throughput, BenchTarget.AgUiName);
        var expressThroughput = Find(measurements, throughput, BenchTarget.ExpressName);
        var rawThroughput = Find(measurements, throughput, BenchTarget.RawKestrelName);
        var agUiStreams = Find(measurements, streams, BenchTarget.AgUiName);
        var others = new[] { Find(measurements, streams, BenchTarget.ExpressName), Find(measurements, streams, BenchTarget.RawKestrelName) }
            .OfType<Measurement>().ToList();

        text.AppendLine("| Target | Measured | Goal | Met |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        if (agUiThroughput is not null && expressThroughput is not null)
        {
            var ratio = agUiThroughput.Load.EventsPerSecond / expressThroughput.Load.EventsPerSecond;
            text.AppendLine(Invariant($"| AgUi / Express events/s ({throughput.Name}) | {ratio:F2}× | ≥ 3× | {Met(ratio >= 3)} |"));
        }

        if (agUiThroughput is not null && rawThroughput is not null)
        {
            var ratio = agUiThroughput.Load.EventsPerSecond / rawThroughput.Load.EventsPerSecond;
            text.AppendLine(Invariant($"| AgUi / raw Kestrel events/s ({throughput.Name}) | {ratio:P0} | ≥ 80% | {Met(ratio >= 0.8)} |"));
        }

        if (agUiStreams is not null)
        {
            var p99 = agUiStreams.Load.AddedLatencyP99Ms;
            var othersP99 = string.Concat(others.Select(m => $"; {m.Target.Name} {Ms(m.Load.AddedLatencyP99Ms)}"));
            var othersKiB = string.Concat(others.Select(m => Invariant($"; {m.Target.Name} {m.KiBPerOpenStream:F1}")));
            text.AppendLine(Invariant($"| AgUi p99 added latency ({streams.Name}) | {Ms(p99)} ms{othersP99} | ≤ 5 ms | {Met(p99 is <= 5)} |"));
            text.AppendLine(Invariant($"| AgUi memory per open stream ({streams.Name}) | {agUiStreams.KiBPerOpenStream:F1} KiB{othersKiB} | ≤ 100 KiB | {Met(agUiStreams.KiBPerOpenStream <= 100)} |"));
        }

        var failed = measurements.Where(m => m.Load.FailedRuns > 0 || m.Load.StampedTokens == 0).ToList();
        foreach (var m in failed)
        {
            text.AppendLine();
            text.AppendLine(m.Load.StampedTokens == 0
                ? $"Note: {m.Target.Name} ({m.Scenario.Name}) streamed no scripted-model token, so it did not use the scripted model; its figures do not measure a model-backed run."
                : $"Note: {m.Target.Name} ({m.Scenario.Name}) failed {m.Load.FailedRuns} run(s), e.g. {m.Load.FailureSamples[0]}");
        }

        return text.ToString();
    }

    private static Measurement? Find(IReadOnlyList<Measurement> measurements, Scenario scenario, string target) =>
        measurements.FirstOrDefault(m => m.Scenario == scenario && m.Target.Name == target);

    private static string Ms(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
