using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AgUi.Bench.Protocol.SseFramingBenchmarks).Assembly).Run(args);
