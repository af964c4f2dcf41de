using System.Globalization;
using System.Runtime.InteropServices;
using AgUi.Bench.Load;
using Microsoft.Extensions.Configuration;

// AgUi.Bench.Load compare [--targets agui,express,raw] [--cold-starts 5] [--phases true]
//                         [--throughput-concurrency 32] [--throughput-runs 1000] [--throughput-tokens 200] [--cold-runs 200]
//                         [--streams 200] [--stream-runs 600] [--stream-tokens 100] [--stream-interval-ms 20] [--stream-ramp-up-ms 1000]
//                         [--warm-up-batch 300] [--warm-up-max-s 120] [--warm-up-fixed-runs 3000]
//                         [--agui-app DIR] [--functions-app DIR] [--server-env "NAME=VALUE;NAME=VALUE"] [--output FILE]
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
    var serverEnvironment = (settings["server-env"] ?? string.Empty)
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty, StringComparer.Ordinal);
    var instant = new ModelScript(Int("throughput-tokens", 200), TimeSpan.Zero);
    var paced = new ModelScript(Int("stream-tokens", 100), TimeSpan.FromMilliseconds(Int("stream-interval-ms", 20)));
    var streams = Int("streams", 200);
    var rampUp = TimeSpan.FromMilliseconds(Int("stream-ramp-up-ms", 1000));
    var concurrency = Int("throughput-concurrency", 32);
    PhasePlan Plan(string name, int instantRuns, int pacedRuns) => new(
        name,
        new Scenario("instant tokens", instant, concurrency, instantRuns),
        new Scenario("paced streams", paced, streams, pacedRuns, rampUp),
        new Scenario("held streams", paced, streams, streams, rampUp));
    var cold = Plan("cold", Int("cold-runs", 200), streams);
    var warm = Plan("warm", Int("throughput-runs", 1000), Int("stream-runs", 600));
    var warmUp = new WarmUpPlan(
        new Scenario("warm-up", instant, concurrency, Int("warm-up-batch", 300)),
        QuietMethods: 2,
        QuietBatches: 3,
        TimeSpan.FromSeconds(Int("warm-up-max-s", 120)),
        Int("warm-up-fixed-runs", 3000));
    var names = (settings["targets"] ?? $"{BenchTarget.AgUiName},{BenchTarget.ExpressName},{BenchTarget.RawKestrelName}")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var targets = names.Select(name => BenchTarget.Find(name, repo, agUiAppDirectory: settings["agui-app"])).ToList();

    var phases = new List<TargetPhases>();
    if (settings.GetValue("phases", true))
    {
        foreach (var target in targets)
        {
            Console.WriteLine($"measuring {target.Name}: cold, warm-up, warm");
            var result = await PhasedBench.MeasureAsync(target, cold, warmUp, warm, model, http, repo, serverEnvironment, Console.WriteLine, cancel.Token);
            foreach (var phase in new[] { result.Cold, result.Warm })
            {
                Console.WriteLine(FormattableString.Invariant($"  {phase.Phase}: {phase.Throughput.CpuMicrosecondsPerEvent:F1} CPU µs per event"));
                Console.WriteLine(Describe(phase.Throughput.Load));
                Console.WriteLine(Describe(phase.Paced.Load));
            }

            phases.Add(result);
        }
    }

    var coldStarts = new List<ColdStartFigures>();
    var starts = Int("cold-starts", 5);
    if (starts > 0)
    {
        model.Script = new ModelScript(20, TimeSpan.Zero);
        foreach (var target in targets)
        {
            Console.WriteLine($"cold starts of {target.Name}");
            coldStarts.Add(await ColdStart.MeasureServerAsync(target, model, http, starts, target.IsDotnet ? serverEnvironment : new Dictionary<string, string>(), cancel.Token));
        }

        if (targets.Any(t => t.Name == BenchTarget.AgUiName))
        {
            var functionsApp = settings["functions-app"] ?? Path.Combine(repo, "src", "AgUi.Functions", "bin", "Release", "net10.0");
            Console.WriteLine($"cold starts of the Functions worker in {functionsApp}");
            coldStarts.Add(await ColdStart.MeasureFunctionsWorkerAsync(functionsApp, model, starts, serverEnvironment, cancel.Token));
        }
    }

    var report = ComparisonReport.Format(phases, coldStarts, cold, warmUp, warm);
    Console.WriteLine();
    Console.WriteLine(report);
    if (settings["output"] is { } output)
    {
        await File.WriteAllTextAsync(output, report, cancel.Token);
    }

    return phases.All(p => p.Cold.Loads.Concat(p.Warm.Loads).All(l => l.FailedRuns == 0)) ? 0 : 1;
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
