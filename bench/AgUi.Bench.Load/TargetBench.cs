namespace AgUi.Bench.Load;

/// <summary>One load shape: the model's script, how many runs, how many at once, and over how long the first ones start.</summary>
public sealed record Scenario(string Name, ModelScript Script, int Concurrency, int Runs, TimeSpan RampUp = default);

/// <summary>A target measured under a scenario: what the client saw and what the server process used.</summary>
public sealed record Measurement(Scenario Scenario, LoadResult Load, double CpuSeconds, long BaselineResidentBytes, long PeakResidentBytes)
{
    /// <summary>Peak resident memory above the warmed-up idle server, per stream open at once.</summary>
    public double KiBPerOpenStream => Math.Max(0, PeakResidentBytes - BaselineResidentBytes) / 1024.0 / Math.Min(Scenario.Concurrency, Scenario.Runs);
}

/// <summary>Starts a fresh server process per measurement, warms it up, then runs the scenario against it.</summary>
public static class TargetBench
{
    private const int WarmupRuns = 16;
    private const int WarmupConcurrency = 8;

    public static async Task<Measurement> MeasureAsync(
        BenchTarget target, Scenario scenario, ScriptedModelServer model, HttpClient httpClient, bool verifyEvents = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(model);
        model.Script = scenario.Script;
        var port = ServerProcess.FindFreePort();
        await using var server = await ServerProcess.StartAsync(target.CreateStartInfo(port, model.BaseUrl), port, TimeSpan.FromSeconds(60), cancellationToken);
        var endpoint = new Uri(server.BaseUrl, BenchTarget.RunPath);

        var warmup = await new LoadRunner(new LoadOptions { Target = endpoint, Concurrency = WarmupConcurrency, Runs = WarmupRuns }, httpClient)
            .RunAsync(cancellationToken);
        if (warmup.FailedRuns > 0)
        {
            throw new InvalidOperationException($"{target.Name} failed during warm-up: {warmup.FailureSamples[0]}\n{server.RecentOutput}");
        }

        var baseline = server.ResidentBytes;
        if (!server.ResetPeakResident())
        {
            throw new InvalidOperationException($"Cannot reset the peak RSS of process {server.Id} (/proc/{server.Id}/clear_refs).");
        }

        var cpuBefore = server.CpuTime;
        var load = await new LoadRunner(new LoadOptions
            {
                Target = endpoint,
                Concurrency = scenario.Concurrency,
                Runs = scenario.Runs,
                RampUp = scenario.RampUp,
                VerifyEvents = verifyEvents,
            }, httpClient)
            .RunAsync(cancellationToken);
        var cpu = server.CpuTime - cpuBefore;
        return new Measurement(scenario, load, cpu.TotalSeconds, baseline, server.PeakResidentBytes);
    }
}
