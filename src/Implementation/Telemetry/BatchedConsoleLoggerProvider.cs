using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace TenantRegistry.Telemetry;

/// <summary>
/// The console log, written through <see cref="ConsoleLines"/> instead of the console logger's own queue: the same
/// ASP.NET Core formatters (<c>simple</c>, <c>json</c>, <c>systemd</c>, picked by <c>Logging:Console:FormatterName</c>
/// with their <c>FormatterOptions</c>), the same settings under <c>Logging:Console</c> (the provider alias is
/// <c>Console</c>, so its <c>LogLevel</c> section filters as before; <c>LogToStandardErrorThreshold</c>,
/// <c>MaxQueueLength</c>), only a cheaper way to the console.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private const string DefaultFormatter = ConsoleFormatterNames.Simple;

    private readonly Dictionary<string, ConsoleFormatter> formatters;
    private readonly IDisposable? reload;
    private readonly ConsoleLines lines;
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
    {
        this.formatters = formatters.ToDictionary(formatter => formatter.Name, StringComparer.OrdinalIgnoreCase);
        Apply(options.CurrentValue);
        reload = options.OnChange(Apply);
        lines = new ConsoleLines(Console.OpenStandardOutput(), Console.OpenStandardError(), Math.Max(1, options.CurrentValue.MaxQueueLength));
    }

    internal ConsoleFormatter Formatter { get; private set; } = null!;

    internal LogLevel ErrorThreshold { get; private set; }

    internal IExternalScopeProvider Scopes => scopes;

    internal ConsoleLines Lines => lines;

    public ILogger CreateLogger(string categoryName) => new BatchedConsoleLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
        reload?.Dispose();
        lines.Dispose();
    }

    private void Apply(ConsoleLoggerOptions options)
    {
        Formatter = formatters.GetValueOrDefault(options.FormatterName ?? DefaultFormatter) ?? formatters[DefaultFormatter];
        ErrorThreshold = options.LogToStandardErrorThreshold;
    }
}

/// <summary>Formats a line on the caller's thread (as the console logger does) and queues it.</summary>
internal sealed class BatchedConsoleLogger(string category, BatchedConsoleLoggerProvider provider) : ILogger
{
    [ThreadStatic]
    private static StringWriter? buffer;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.Scopes.Push(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var writer = buffer ??= new StringWriter();
        provider.Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider.Scopes, writer);
        var text = writer.GetStringBuilder();
        if (text.Length == 0)
        {
            return;
        }

        var line = text.ToString();
        text.Clear();
        // A rare huge line (an exception's stack) should not keep its buffer alive on every thread.
        if (text.Capacity > 1024)
        {
            text.Capacity = 1024;
        }

        provider.Lines.Add(line, logLevel >= provider.ErrorThreshold);
    }
}
