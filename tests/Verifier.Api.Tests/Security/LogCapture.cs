using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Verifier.Api.Tests.Security;

/// <summary>A logger provider that keeps every entry the application's log filters let through.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), values, exception?.ToString()));
        }
    }
}

/// <summary>One log entry: the formatted message, the structured values as text, the exception if any.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, string Values, string? Exception)
{
    public string AllText => $"{Message} {Values} {Exception}";
}
