using System.Globalization;
using System.Runtime.InteropServices;
using AgUi.Bench.Load;
using Microsoft.Extensions.Configuration;

// AgUi.Bench.Load compare [--throughput-concurrency 32] [--throughput-runs 1000] [--throughput-tokens 200]
//                         [--streams 200] [--stream-runs 600] [--stream-tokens 100] [--stream-interval-ms 20]
//                         [--stream-ramp-up-ms 1000]
//                         [--targets agui,express,raw] [--output FILE]
// AgUi.Bench.Load run --target agui|express|raw | --url URL  [--concurrency 10] [--runs 100]
//                     [--tokens 20] [--interval-ms 0] [--ramp-up-ms 0] [--verify true] [--function-key KEY]
//   With --url the load goes to a server already running (its model must be the scripted one this tool
//   starts: its URL is printed first), and no server CPU or memory is measured.
if (args.Length == 0 || args[0] is not ("compare" or "run"))
{
    Console.Error.WriteLine("usage: AgUi.Bench.Load compare [options] | run (--target NAME | --url URL) [options]; see bench/README.md");
    return 2;
}

var settings = new ConfigurationBuilder().AddCommandLine(args[1..]).Build();
int Int(string key, int fallback) => settings.GetValue(key, fallback);
using var cancel = new CancellationTokenSource();
// Ctrl+C and SIGTERM end the run through cancellation, so the servers this tool started are stopped.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

await using var model = await ScriptedModelServer.StartAsync(cancel.Token);
using var http = LoadRunner.CreateHttpClient();
Console.WriteLine($"scripted model: {model.BaseUrl}");

if (args[0] == "compare")
{
    var repo = BenchTarget.FindRepoRoot();
    var throughput = new Scenario(
        $"instant tokens, {Int("throughput-concurrency", 32)} streams",
        new ModelScript(Int("throughput-tokens", 200), TimeSpan.Zero),
        Int("throughput-concurrency", 32),
        Int("throughput-runs", 1000));
    var streams = new Scenario(
        $"{Int("streams", 200)} streams, {Int("stream-interval-ms", 20)} ms tokens, {Int("stream-ramp-up-ms", 1000)} ms ramp-up",
        new ModelScript(Int("stream-tokens", 100), TimeSpan.FromMilliseconds(Int("stream-interval-ms", 20))),
        Int("streams", 200),
        Int("stream-runs", 600),
        TimeSpan.FromMilliseconds(Int("stream-ramp-up-ms", 1000)));
    var names = (settings["targets"] ?? $"{BenchTarget.AgUiName},{BenchTarget.ExpressName},{BenchTarget.RawKestrelName}")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    var measurements = new List<Measurement>();
    foreach (var scenario in new[] { throughput, streams })
    {
        foreach (var name in names)
        {
            var target = BenchTarget.Find(name, repo);
            Console.WriteLine($"measuring {target.Name}: {scenario.Name} ({scenario.Runs} runs, {scenario.Script.TokenCount} tokens each)");
            var measurement = await TargetBench.MeasureAsync(target, scenario, model, http, cancellationToken: cancel.Token);
            Console.WriteLine(Describe(measurement.Load));
            measurements.Add(measurement);
        }
    }

    var report = ComparisonReport.Format(measurements, throughput, streams);
    Console.WriteLine();
    Console.WriteLine(report);
    if (settings["output"] is { } output)
    {
        await File.WriteAllTextAsync(output, report, cancel.Token);
    }

    return measurements.All(m => m.Load.FailedRuns == 0) ? 0 : 1;
}

model.Script = new ModelScript(Int("tokens", 20), TimeSpan.FromMilliseconds(Int("interval-ms", 0)));
LoadOptions OptionsFor(Uri endpoint) => new()
{
    Target = endpoint,
    Concurrency = Int("concurrency", 10),
    Runs = Int("runs", 100),
    RampUp = TimeSpan.FromMilliseconds(Int("ramp-up-ms", 0)),
    VerifyEvents = settings.GetValue("verify", false),
    FunctionKey = settings["function-key"],
};

if (settings["url"] is { } url)
{
    var result = await new LoadRunner(OptionsFor(new Uri(url)), http).RunAsync(cancel.Token);
    Console.WriteLine(Describe(result));
    return result.FailedRuns == 0 ? 0 : 1;
}

var chosen = BenchTarget.Find(settings["target"] ?? BenchTarget.RawKestrelName, BenchTarget.FindRepoRoot());
var chosenOptions = OptionsFor(model.BaseUrl);
var single = new Scenario("run", model.Script, chosenOptions.Concurrency, chosenOptions.Runs, chosenOptions.RampUp);
var measured = await TargetBench.MeasureAsync(chosen, single, model, http, chosenOptions.VerifyEvents, cancel.Token);
Console.WriteLine(Describe(measured.Load));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"server: {measured.CpuSeconds:F2} CPU s, peak RSS {measured.PeakResidentBytes / 1048576.0:F1} MiB, {measured.KiBPerOpenStream:F1} KiB per open stream"));
return measured.Load.FailedRuns == 0 ? 0 : 1;

static string Describe(LoadResult r) =>
    FormattableString.Invariant($"  {r.Runs} runs, {r.FailedRuns} failed, {r.Events} events in {r.Elapsed.TotalSeconds:F2} s = {r.EventsPerSecond:N0} events/s; ") +
    FormattableString.Invariant($"first event p50 {r.TimeToFirstEventP50Ms:F2} / p99 {r.TimeToFirstEventP99Ms:F2} ms; ") +
    FormattableString.Invariant($"added latency p50 {r.AddedLatencyP50Ms:F2} / p99 {r.AddedLatencyP99Ms:F2} ms over {r.StampedTokens} tokens") +
    (r.FailureSamples.Count > 0 ? $"\n  failures, e.g.: {string.Join(" | ", r.FailureSamples)}" : "");
