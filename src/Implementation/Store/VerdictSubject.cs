namespace TenantRegistry.Store;

/// <summary>
/// What a change affects for verify: one key (by prefix) or every key of one tenant. A unit of change collects them
/// and announces them when it commits; travels as a NOTIFY payload between the instances of a fleet.
/// </summary>
public readonly record struct VerdictSubject(char Kind, string Id)
{
    private const char KeyKind = 'k';
    private const char TenantKind = 't';

    public bool IsTenant => Kind == TenantKind;

    public string Payload => $"{Kind}:{Id}";

    public static VerdictSubject Key(string prefix) => new(KeyKind, prefix);

    public static VerdictSubject Tenant(Guid tenantId) => new(TenantKind, tenantId.ToString("D"));

    public static VerdictSubject? Parse(string payload) =>
        payload.Length > 2 && payload[1] == ':' && payload[0] is KeyKind or TenantKind
            ? new VerdictSubject(payload[0], payload[2..])
            : null;
}
