using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Verifier.Api.Tests.Operations;

/// <summary>Keeps every entry at <see cref="MinimumLevel"/> or above: its text, its state's values and its scopes' values.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    public ConcurrentQueue<CapturedEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>One entry; <see cref="Scopes"/> holds the key/value pairs of every scope open when it was written.</summary>
    public sealed record CapturedEntry(string Category, LogLevel Level, string Text, IReadOnlyDictionary<string, string> Scopes)
    {
        public override string ToString() =>
            $"{Level} {Category}: {Text} [{string.Join(", ", Scopes.Select(s => s.Key + "=" + s.Value))}]";
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = new StringBuilder(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
                }
            }

            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            var scopeValues = new Dictionary<string, string>(StringComparer.Ordinal);
            owner.scopes.ForEachScope(
                (scope, bag) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            bag[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                        }
                    }
                    else if (scope is not null)
                    {
                        bag[scope.GetType().Name + "#" + bag.Count] = Convert.ToString(scope, CultureInfo.InvariantCulture) ?? "";
                    }
                },
                scopeValues);

            owner.Entries.Enqueue(new CapturedEntry(category, logLevel, text.ToString(), scopeValues));
        }
    }
}
