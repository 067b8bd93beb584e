using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Store;

namespace TenantRegistry.Probes;

[ApiController]
public sealed class ProbesController(StoreProbe store, ShutdownDrain drain) : ProbesControllerBase
{
    private const string StatusOk = "ok";

    /// <summary>Liveness: answers whenever the process serves HTTP; never touches the store.</summary>
    public override Task<ActionResult<HealthStatus>> GetHealth(CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<HealthStatus>>(new HealthStatus { Status = StatusOk });

    /// <summary>Readiness: the store answers, and the instance is not leaving (<see cref="ShutdownDrain"/>).</summary>
    public override async Task<ActionResult<ReadinessStatus>> GetReadiness(CancellationToken cancellationToken)
    {
        if (drain.Draining)
        {
            return ApiErrors.Unavailable(WireMessages.ShuttingDown);
        }

        return await store.IsReachableAsync(cancellationToken)
            ? new ReadinessStatus { Status = StatusOk }
            : ApiErrors.Unavailable(WireMessages.StoreUnreachable);
    }
}
