namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>What the answer to a hostile request must be.</summary>
internal enum HostileExpectation
{
    /// <summary>A 4xx the operation declares, with the Error body (verify: <c>{"valid": false}</c>).</summary>
    Refused,

    /// <summary>
    /// What was changed is not input the operation has (a query name in another case), so the answer is the one the
    /// baseline request gets, sent right before it.
    /// </summary>
    Ignored,

    /// <summary>
    /// Refused by Kestrel before the request reaches the service, with the status docs/behaviour.md names for it
    /// and no body ("Protocol-level answers"); <see cref="HostileCase.ProtocolStatus"/>.
    /// </summary>
    ProtocolLevel,
}

/// <summary>
/// One generated hostile request. It is built only when it runs, against the targets of the store under test, so a
/// case can refer to a tenant that did not exist when the cases were enumerated.
/// </summary>
internal sealed record HostileCase(string Name, OperationShape Operation, bool OversizedBody, Func<HostileTargets, HostileRequest> Build)
{
    public HostileExpectation Expectation { get; init; } = HostileExpectation.Refused;

    public int? ProtocolStatus { get; init; }

    public static HostileCase Of(OperationShape operation, string what, Func<HostileTargets, HostileRequest> build, bool oversizedBody = false) =>
        new($"{operation.Title}: {what}", operation, oversizedBody, build);

    public static HostileCase Ignored(OperationShape operation, string what, Func<HostileTargets, HostileRequest> build) =>
        Of(operation, what, build) with { Expectation = HostileExpectation.Ignored };

    public static HostileCase ProtocolLevel(OperationShape operation, string what, int status, Func<HostileTargets, HostileRequest> build) =>
        Of(operation, what, build) with { Expectation = HostileExpectation.ProtocolLevel, ProtocolStatus = status };
}
