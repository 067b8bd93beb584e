namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// One generated hostile request. It is built only when it runs, against the targets of the store under test, so a
/// case can refer to a tenant that did not exist when the cases were enumerated.
/// </summary>
internal sealed record HostileCase(string Name, OperationShape Operation, bool OversizedBody, Func<HostileTargets, HostileRequest> Build)
{
    public static HostileCase Of(OperationShape operation, string what, Func<HostileTargets, HostileRequest> build, bool oversizedBody = false) =>
        new($"{operation.Title}: {what}", operation, oversizedBody, build);
}
