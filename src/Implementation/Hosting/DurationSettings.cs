using System.Globalization;
using Microsoft.Extensions.Options;

namespace TenantRegistry.Hosting;

/// <summary>
/// The range rule of duration settings. Out of range, a duration did not fail where it was set but where it was
/// first used: a timer's exception that stopped the host with a stack trace (exit 134), a background loop that died
/// and ended the process with exit code 0, a <c>/readyz</c> that answered 500. Checked at start instead, it is one
/// line naming the setting and its range (<see cref="StartupFailure"/>, exit 78).
/// </summary>
public static class DurationSettings
{
    /// <summary>
    /// The longest wait .NET's timers accept (PeriodicTimer, Task.Delay, CancelAfter and WaitAsync refuse more than
    /// 4,294,967,294 ms, about 49.7 days), rounded down.
    /// </summary>
    public static readonly TimeSpan LongestTimer = TimeSpan.FromDays(49);

    /// <summary>The range Polly accepts for a timeout strategy's timeout.</summary>
    public static readonly (TimeSpan Shortest, TimeSpan Longest) PollyTimeout = (TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(24));

    /// <summary>The range Polly accepts for a circuit breaker's break duration.</summary>
    public static readonly (TimeSpan Shortest, TimeSpan Longest) PollyBreak = (TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(24));

    /// <summary>Refuses the options when the duration <paramref name="setting"/> names is set outside the range.</summary>
    public static OptionsBuilder<TOptions> ValidateDuration<TOptions>(this OptionsBuilder<TOptions> builder, string setting,
        Func<TOptions, TimeSpan?> duration, TimeSpan shortest, TimeSpan longest)
        where TOptions : class =>
        builder.Validate(options => duration(options) is not { } value || (value >= shortest && value <= longest),
            $"{setting} must be between {Describe(shortest)} and {Describe(longest)}");

    /// <inheritdoc cref="ValidateDuration{TOptions}(OptionsBuilder{TOptions}, string, Func{TOptions, TimeSpan?}, TimeSpan, TimeSpan)"/>
    public static OptionsBuilder<TOptions> ValidateDuration<TOptions>(this OptionsBuilder<TOptions> builder, string setting,
        Func<TOptions, TimeSpan?> duration, (TimeSpan Shortest, TimeSpan Longest) range)
        where TOptions : class =>
        builder.ValidateDuration(setting, duration, range.Shortest, range.Longest);

    private static string Describe(TimeSpan duration) => duration switch
    {
        { Ticks: 0 } => "0",
        { TotalDays: >= 1 } when duration.Ticks % TimeSpan.TicksPerDay == 0 => Count(duration.TotalDays, "day"),
        { TotalHours: >= 1 } when duration.Ticks % TimeSpan.TicksPerHour == 0 => Count(duration.TotalHours, "hour"),
        { TotalMinutes: >= 1 } when duration.Ticks % TimeSpan.TicksPerMinute == 0 => Count(duration.TotalMinutes, "minute"),
        { TotalSeconds: >= 1 } when duration.Ticks % TimeSpan.TicksPerSecond == 0 => Count(duration.TotalSeconds, "second"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###} ms"),
    };

    private static string Count(double amount, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:0} {unit}{(amount == 1 ? "" : "s")}");
}
