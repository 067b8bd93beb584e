using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Store;

namespace TenantRegistry.Probes;

[ApiController]
public sealed class ProbesController(StoreProbe store, IEnumerable<IReadinessGate> gates) : ProbesControllerBase
{
    private const string StatusOk = "ok";

    /// <summary>Liveness: answers whenever the process serves HTTP; never touches the store.</summary>
    public override Task<ActionResult<HealthStatus>> GetHealth(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<HealthStatus>>(new HealthStatus { Status = StatusOk });

    /// <summary>
    /// Readiness: every gate open (not draining, start-up work done: the first closed gate in registration order
    /// names the reason), then the store answers.
    /// </summary>
    public override async Task<ActionResult<ReadinessStatus>> GetReadiness(CancellationToken cancellationToken)
    {
        if (gates.Select(gate => gate.WhyNotReady).FirstOrDefault(reason => reason is not null) is { } notReady)
        {
            return ApiErrors.Unavailable(notReady);
        }

        return await store.IsReachableAsync(cancellationToken)
            ? new ReadinessStatus { Status = StatusOk }
            : ApiErrors.Unavailable(WireMessages.StoreUnreachable);
    }
}
