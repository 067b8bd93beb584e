namespace TenantRegistry.Security;

/// <summary>
/// Who made a request, as the token says: `actor_id`, `actor_name` and `actor_type` of the events the registry writes
/// itself, `recorded_by` of events a caller appends, and the roles and tenants the token grants. Without a valid
/// token (or without authentication) it is <see cref="Anonymous"/>; Audit/AuditActor then records `api` or `system`.
/// </summary>
public sealed record CallerIdentity(
    string? ActorType,
    string? ActorId = null,
    string? ActorName = null,
    string? RecordedBy = null,
    IReadOnlySet<string>? Roles = null,
    IReadOnlySet<string>? Organizations = null)
{
    public const string UserActor = "user";
    public const string ServiceActor = "service";

    public static readonly CallerIdentity Anonymous = new(ActorType: null);

    public IReadOnlySet<string> Roles { get; } = Roles ?? new HashSet<string>();

    /// <summary>Keycloak organization aliases, which are tenant slugs.</summary>
    public IReadOnlySet<string> Organizations { get; } = Organizations ?? new HashSet<string>();

    public bool IsAuthenticated => ActorType is not null;
}
