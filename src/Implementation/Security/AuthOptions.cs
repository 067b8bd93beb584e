namespace TenantRegistry.Security;

/// <summary>
/// How callers prove who they are (section `Auth`). With an <see cref="Authority"/> every /v1 call needs a Keycloak
/// access token of that realm; without one the service runs unauthenticated, which it allows only on loopback
/// addresses unless <see cref="AllowAnonymous"/> says so explicitly (<see cref="AuthOptionsValidator"/>).
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const string DefaultAudience = "tenant-registry";

    /// <summary>The realm URL, e.g. https://sso.example.com/realms/platform; tokens must carry it as `iss`.</summary>
    public string? Authority { get; set; }

    /// <summary>The client id that must appear in `aud`; its client roles are the caller's roles.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>False allows an http:// authority, for a local Keycloak.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Runs unauthenticated on a non-loopback address too; never implied, always set by hand.</summary>
    public bool AllowAnonymous { get; set; }

    public bool Authenticates => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>What the start-up log says about authentication.</summary>
    public string Summary => Authenticates
        ? $"on (Keycloak realm {Issuer}, audience {Audience})"
        : AllowAnonymous
            ? "off, on purpose (Auth:AllowAnonymous): every caller that reaches the port may use the whole API"
            : "off (every caller that reaches the port may use the whole API; allowed on loopback only)";

    /// <summary>Keycloak's `iss` is the realm URL without a trailing slash.</summary>
    public string Issuer => Authority!.TrimEnd('/');
}
