using System.Collections.Concurrent;

namespace TenantRegistry.Idempotency;

/// <summary>
/// The keys this process is serving right now. A second request with a key in flight is answered 409 at once,
/// before it reads its body or touches the store; across instances, the PostgreSQL advisory lock of the claim
/// <see cref="IdempotentRequest"/> sends with the request's first statement does the same.
/// </summary>
public sealed class IdempotencyClaims
{
    private readonly ConcurrentDictionary<(string Scope, string Key), byte> inFlight = new();

    public bool TryClaim(string scope, string key) => inFlight.TryAdd((scope, key), 0);

    public void Release(string scope, string key) => inFlight.TryRemove((scope, key), out _);
}
