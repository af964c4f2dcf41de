using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgUi.Testing;

/// <summary>One log entry with its state and the values of every scope that was active.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    Exception? Exception,
    IReadOnlyList<KeyValuePair<string, object?>> State,
    IReadOnlyList<KeyValuePair<string, object?>> Scopes)
{
    /// <summary>The value of the innermost scope entry named <paramref name="key"/>, or null.</summary>
    public object? ScopeValue(string key) => Scopes.LastOrDefault(s => s.Key == key).Value;

    /// <summary>Every text this entry carries: message, exception, state and scope values.</summary>
    public string AllText() => string.Join('\n', new[] { Message, Exception?.ToString() }
        .Concat(State.Concat(Scopes).Select(kv => $"{kv.Key}={kv.Value}")));
}

/// <summary>A logger provider that keeps every entry, with scopes, for tests to inspect.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();
    private IExternalScopeProvider scopeProvider = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => this.scopeProvider = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopeProvider.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            owner.scopeProvider.ForEachScope((scope, list) => list.AddRange(Flatten(scope)), scopes);
            owner.entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception, Flatten(state), scopes));
        }

        private static List<KeyValuePair<string, object?>> Flatten(object? value) => value switch
        {
            IEnumerable<KeyValuePair<string, object?>> pairs => [.. pairs],
            null => [],
            _ => [new("Scope", value.ToString())],
        };
    }
}
