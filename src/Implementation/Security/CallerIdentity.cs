namespace TenantRegistry.Security;

/// <summary>
/// Who made a request, in the terms the audit log records: `actor_id`, `actor_name`, `actor_type` on the events the
/// registry writes itself, and `recorded_by` on events a caller appends.
/// </summary>
public sealed record CallerIdentity(
    string ActorType,
    string? ActorId = null,
    string? ActorName = null,
    string? RecordedBy = null,
    IReadOnlySet<string>? Roles = null,
    IReadOnlySet<string>? Organizations = null)
{
    public const string UserActor = "user";
    public const string ServiceActor = "service";

    /// <summary>The unauthenticated (local) mode: today's `api`.</summary>
    public const string ApiActor = "api";

    /// <summary>The service's own background work, e.g. the lifecycle sweeper.</summary>
    public const string SystemActor = "system";

    public static readonly CallerIdentity Anonymous = new(ApiActor);
    public static readonly CallerIdentity System = new(SystemActor);

    public IReadOnlySet<string> Roles { get; } = Roles ?? new HashSet<string>();

    /// <summary>Keycloak organization aliases, which are tenant slugs.</summary>
    public IReadOnlySet<string> Organizations { get; } = Organizations ?? new HashSet<string>();

    public bool IsAuthenticated => ActorType is UserActor or ServiceActor;
}
