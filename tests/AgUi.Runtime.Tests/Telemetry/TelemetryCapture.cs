using System.Collections;
using System.Diagnostics;
using AgUi.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgUi.Runtime.Tests.Telemetry;

/// <summary>
/// The runtime's instrumentation (<c>AddAgUiInstrumentation</c>, what <c>AddAgUiTelemetry</c> registers) with
/// OpenTelemetry's in-memory exporters in place of Azure Monitor or OTLP. The ActivitySource and Meter are
/// process-wide, so a test picks its own spans by trace id and its own measurements by a name only it uses.
/// </summary>
internal sealed class TelemetryCapture
{
    private readonly LockedList<Activity> spans = new();
    private readonly LockedList<MetricSnapshot> metrics = new();
    private IServiceProvider? services;

    public IReadOnlyList<Activity> Spans => spans.ToList();

    public void Register(IServiceCollection serviceCollection) =>
        serviceCollection.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAgUiInstrumentation().AddInMemoryExporter(spans))
            .WithMetrics(metering => metering.AddAgUiInstrumentation().AddInMemoryExporter(metrics));

    public void Attach(IServiceProvider provider) => services = provider;

    /// <summary>Every span of the trace <paramref name="root"/> belongs to.</summary>
    public IReadOnlyList<Activity> TraceOf(Activity root) => [.. Spans.Where(s => s.TraceId == root.TraceId).OrderBy(s => s.StartTimeUtc)];

    /// <summary>The spans whose parent is <paramref name="parent"/>, in the order they started.</summary>
    public IReadOnlyList<Activity> ChildrenOf(Activity parent) =>
        [.. Spans.Where(s => s.TraceId == parent.TraceId && s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc)];

    /// <summary>The run span of <paramref name="runId"/>.</summary>
    public Activity RunSpan(string runId) =>
        Assert.Single(Spans, s => s.Source.Name == "AgUi.Runtime" && Equals(s.GetTagItem("agui.run.id"), runId));

    /// <summary>Collects the metrics now and returns the points of <paramref name="name"/> (cumulative) whose tags include all of <paramref name="tags"/>.</summary>
    public IReadOnlyList<MetricPoint> Points(string name, params (string Key, object Value)[] tags)
    {
        var provider = services?.GetRequiredService<MeterProvider>() ?? throw new InvalidOperationException("Attach the host's services first.");
        metrics.Clear();
        Assert.True(provider.ForceFlush(10_000), "The metrics were not collected in time.");
        var snapshot = metrics.ToList().LastOrDefault(m => m.Name == name);
        return snapshot is null ? [] : [.. snapshot.MetricPoints.Where(p => tags.All(t => HasTag(p, t.Key, t.Value)))];
    }

    public static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    private static bool HasTag(MetricPoint point, string key, object value) => Equals(Tag(point, key), value);

    /// <summary>The exporters add from whichever thread ends a span; the tests read from theirs.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (items)
            {
                return items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (items)
            {
                items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public List<T> ToList()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public IEnumerator<T> GetEnumerator() => ToList().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
