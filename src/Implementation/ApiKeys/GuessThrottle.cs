using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Slows down whoever guesses keys. The checksum is public, so a forger can make well-formed keys at full speed, and
/// each costs an instance as much as a real verify: at the same number of connections a flood of them took half of
/// the valid verifies' throughput (docs/api-keys.md#guessing-answers-held). Each caller may present
/// <see cref="ApiKeyOptions.UnknownKeyRate"/> keys a second that do not exist or are malformed; beyond that its answers
/// to such keys (still <c>{"valid":false}</c>) are held for <see cref="ApiKeyOptions.UnknownKeyDelay"/> first, so a
/// guesser's connections wait instead of taking the cores, while the same caller's valid keys are answered at once. At
/// most <see cref="ApiKeyOptions.UnknownKeyHeldMax"/> answers are held at a time on an instance; beyond that they are
/// answered at once (the verify rate limit still bounds them), so holding never costs unbounded memory.
/// The instance's own rehearsal is never held.
/// </summary>
public sealed class GuessThrottle : IDisposable
{
    private readonly ApiKeyOptions options;
    private readonly IHttpContextAccessor http;
    private readonly TimeProvider clock;
    private readonly RegistryMetrics metrics;
    private readonly PartitionedRateLimiter<string> budgets;
    private int held;

    public GuessThrottle(IOptions<ApiKeyOptions> options, IHttpContextAccessor http, TimeProvider clock, RegistryMetrics metrics)
    {
        this.options = options.Value;
        this.http = http;
        this.clock = clock;
        this.metrics = metrics;
        var perSecond = this.options.UnknownKeyRate;
        budgets = PartitionedRateLimiter.Create<string, string>(caller => perSecond <= 0
            ? RateLimitPartition.GetNoLimiter(caller)
            : VerifyCaller.Budget(caller, perSecond));
    }

    /// <summary>Called with every answer to a key that does not exist or is malformed.</summary>
    public async ValueTask AfterGuessAsync()
    {
        if (http.HttpContext is not { } context || Rehearsal.Of(context))
        {
            return;
        }

        using var lease = budgets.AttemptAcquire(VerifyCaller.Of(context));
        if (lease.IsAcquired)
        {
            return;
        }

        if (Interlocked.Increment(ref held) > options.UnknownKeyHeldMax)
        {
            Interlocked.Decrement(ref held);
            return;
        }

        try
        {
            metrics.GuessHeld();
            // Not cancelled by the caller hanging up: the slot is given back after the delay either way, and an
            // answer nobody waits for costs nothing more.
            await Task.Delay(options.UnknownKeyDelay, clock, CancellationToken.None);
        }
        finally
        {
            Interlocked.Decrement(ref held);
        }
    }

    public void Dispose() => budgets.Dispose();
}
