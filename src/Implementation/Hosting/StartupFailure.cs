using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TenantRegistry.Hosting;

/// <summary>
/// A start that cannot succeed, said in one line an operator can act on. Program prints it and exits with
/// <see cref="ExitCode"/> (sysexits.h numbers, so an orchestrator can tell a bad setting from an absent store).
/// </summary>
internal sealed partial class StartupFailure(string message, int exitCode) : Exception(message)
{
    public const int UsageExitCode = 64;
    public const int StoreUnavailableExitCode = 69;
    public const int ConfigurationExitCode = 78;

    public int ExitCode { get; } = exitCode;

    /// <summary>
    /// True when this process is the service itself. Hosted by a test factory, start-up exceptions keep flowing to
    /// the host, which reports them to its test.
    /// </summary>
    public static bool IsOwnProcess => Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    public static StartupFailure Configuration(string message) => new(message, ConfigurationExitCode);

    /// <summary>The one-line form of a failure whose cause is outside the code (settings, the store), else null.</summary>
    public static StartupFailure? From(Exception exception) => exception switch
    {
        StartupFailure failure => failure,
        OptionsValidationException validation => Configuration("configuration is not valid: " + string.Join("; ", validation.Failures)),
        AggregateException aggregate when aggregate.InnerExceptions.All(inner => From(inner) is not null) =>
            new(string.Join("; ", aggregate.InnerExceptions.Select(inner => From(inner)!.Message)), aggregate.InnerExceptions.Select(inner => From(inner)!.ExitCode).Max()),
        InvalidOperationException when UnreadableSetting().Match(exception.Message) is { Success: true } setting =>
            Configuration($"setting {setting.Groups["key"].Value} (environment variable {EnvironmentName(setting.Groups["key"].Value)}) is not a valid {ShortTypeName(setting.Groups["type"].Value)}"),
        IOException when exception.InnerException is SocketException or Microsoft.AspNetCore.Connections.AddressInUseException =>
            Configuration($"cannot listen: {exception.Message}; choose another address with --urls or ASPNETCORE_URLS"),
        FormatException when exception.Message.StartsWith("Invalid url", StringComparison.Ordinal) =>
            Configuration($"{exception.Message.TrimEnd('.')}; --urls and ASPNETCORE_URLS take addresses like http://127.0.0.1:8090"),
        PostgresException postgres when !postgres.IsTransient =>
            Configuration($"PostgreSQL refused: {postgres.MessageText} (SQLSTATE {postgres.SqlState}); check the role and database in ConnectionStrings__Registry"),
        _ => exception.InnerException is { } inner ? From(inner) : null,
    };

    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static string ShortTypeName(string type) => type[(type.LastIndexOf('.') + 1)..] switch
    {
        "TimeSpan" => "duration (hh:mm:ss)",
        "Int32" or "Int64" => "whole number",
        "Boolean" => "boolean (true or false)",
        var other => other,
    };

    // The value is left out of the line on purpose: settings can hold secrets.
    [GeneratedRegex("^Failed to convert configuration value (?:'.*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex UnreadableSetting();
}
