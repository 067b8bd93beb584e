using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>The service in memory, on the store the settings name, with a clock tests can move and, optionally,
/// every log line at every level sent to a sink, and services of the test's own (such as an identity provider's backchannel).</summary>
public sealed class RegistryApp(
    IReadOnlyDictionary<string, string?> settings, ILoggerProvider? logSink = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The start-up rehearsal (Hosting/RequestRehearsal) costs each in-memory instance a few seconds before ready and
        // adds its own requests to what a test counts; RequestRehearsalTests and every service process run it.
        builder.UseSetting("Rehearsal:Enabled", "false");
        // Every in-memory request comes from one caller without an address, and many suites verify thousands of made-up
        // keys; holding their answers (ApiKeys/GuessThrottle) would only slow them down. GuessThrottleTests turns it on.
        builder.UseSetting("ApiKeys:UnknownKeyRate", "0");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(registered =>
        {
            registered.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services?.Invoke(registered);
        });
        // The service's own console output would bury the test report; a test that reads logs brings a sink.
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (logSink is not null)
            {
                logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logSink);
            }
        });
    }
}
