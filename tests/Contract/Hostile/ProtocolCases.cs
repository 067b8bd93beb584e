namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// Issue 16, class 6: what only Kestrel decides, once per operation, with the status docs/behaviour.md documents
/// for it ("Protocol-level answers"). Everything below these limits the service answers itself.
/// </summary>
internal static class ProtocolCases
{
    // Kestrel's 414 for a request line over the service's MaxRequestLineSize (64 KiB).
    private const int UriTooLong = 414;
    private const int OverLineLimit = 65 * 1024;

    // Kestrel's 431 for request headers over its MaxRequestHeadersTotalSize (32 KiB, Kestrel's default).
    private const int HeadersTooLarge = 431;
    private const int OverHeaderLimit = 33 * 1024;

    public static IEnumerable<HostileCase> For(OperationShape operation)
    {
        var baseline = new BaselineRequest(operation);
        yield return HostileCase.ProtocolLevel(operation, $"request line of over {OverLineLimit / 1024} KiB", UriTooLong,
            targets => baseline.Build(targets).WithQuery("hostile_padding", new string('x', OverLineLimit)));
        yield return HostileCase.ProtocolLevel(operation, $"headers of over {OverHeaderLimit / 1024} KiB", HeadersTooLarge,
            targets =>
            {
                var request = baseline.Build(targets);
                return request with { Headers = request.Headers.SetItem("X-Hostile-Padding", new string('x', OverHeaderLimit)) };
            });
    }
}
