using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// The logger the test process's ORT environment was created with (ORT has one env per process, so
/// every test shares it): keeps each line to check that ORT's logs arrive here and not on stderr.
/// </summary>
internal static class OrtLog
{
    public static CapturingLogger Logger { get; } = new();

    internal sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Enqueue((logLevel, formatter(state, exception)));
            while (Lines.Count > 10_000)
            {
                Lines.TryDequeue(out _);
            }
        }
    }
}
