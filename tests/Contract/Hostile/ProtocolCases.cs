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

    public static IEnumerable<HostileCase> For(OperationShape operation)
    {
        var baseline = new BaselineRequest(operation);
        yield return HostileCase.ProtocolLevel(operation, $"request line of over {OverLineLimit / 1024} KiB", UriTooLong,
            targets => baseline.Build(targets).WithQuery("hostile_padding", new string('x', OverLineLimit)));
    }
}
