using System.Globalization;
using System.Text.RegularExpressions;

namespace TenantRegistry.Json;

/// <summary>
/// Reads the timestamps of RFC 3339 (section 5.6), every form of it and nothing else: `T`, `t` or a space between
/// date and time, any number of fractional digits, `Z`, `z` or a numeric offset. A value without an offset is refused
/// rather than read in the server's time zone.
/// </summary>
public static partial class Rfc3339Timestamp
{
    private const int TickDigits = 7;

    /// <summary>
    /// The instant in UTC. Digits finer than .NET's 100 ns round up, never down: the value is a bound compared with
    /// stored whole microseconds, and rounding up keeps both an inclusive and an exclusive bound exact.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset instant)
    {
        instant = default;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("year"), Part("month"), Part("day"));
        var (hour, minute, second) = (Part("hour"), Part("minute"), Part("second"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (match.Groups["sign"].Success)
        {
            var (offsetHours, offsetMinutes) = (Part("offsetHours"), Part("offsetMinutes"));
            if (offsetHours > 23 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (match.Groups["sign"].Value == "-" ? -1 : 1);
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks + FractionTicks(match.Groups["fraction"].Value) - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        instant = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static long FractionTicks(string digits)
    {
        var ticks = long.Parse(digits.PadRight(TickDigits, '0')[..TickDigits], CultureInfo.InvariantCulture);
        var finer = digits.Length > TickDigits && digits[TickDigits..].Any(digit => digit != '0');
        return finer ? ticks + 1 : ticks;
    }

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[Tt ](?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<fraction>\d+))?(?:[Zz]|(?<sign>[+-])(?<offsetHours>\d{2}):(?<offsetMinutes>\d{2}))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
