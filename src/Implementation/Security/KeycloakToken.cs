using System.Security.Claims;
using System.Text.Json;

namespace TenantRegistry.Security;

/// <summary>
/// Reads a validated Keycloak access token (claims kept under their JWT names): roles from
/// `resource_access.&lt;audience&gt;.roles` and `realm_access.roles`, tenants from the Organizations claim
/// `organization` (a list of aliases, or an object keyed by alias), and whether a person or a service account calls.
/// </summary>
internal static class KeycloakToken
{
    private const string ServiceAccountPrefix = "service-account-";

    public static CallerIdentity Read(ClaimsPrincipal principal, string audience)
    {
        var subject = principal.FindFirst("sub")?.Value;
        var username = principal.FindFirst("preferred_username")?.Value;
        var clientId = principal.FindFirst("client_id")?.Value;
        var isService = clientId is not null || username?.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) == true;

        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in principal.FindAll("resource_access"))
        {
            AddRoles(roles, claim.Value, audience);
        }

        foreach (var claim in principal.FindAll("realm_access"))
        {
            AddRoles(roles, claim.Value, client: null);
        }

        var organizations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in principal.FindAll("organization"))
        {
            AddOrganizations(organizations, claim.Value);
        }

        return new CallerIdentity(
            isService ? CallerIdentity.ServiceActor : CallerIdentity.UserActor,
            subject,
            username,
            ClientOf(principal) ?? subject,
            roles,
            organizations);
    }

    /// <summary>The client the token was issued to: <c>azp</c> (the client that asked for it), else <c>client_id</c>
    /// (a service account's token).</summary>
    public static string? ClientOf(ClaimsPrincipal principal) => (principal.FindFirst("azp") ?? principal.FindFirst("client_id"))?.Value;

    /// <summary>Only the registry's own role names count; a realm's other roles mean nothing here.</summary>
    private static void AddRoles(HashSet<string> roles, string json, string? client)
    {
        if (!TryParseObject(json, out var access))
        {
            return;
        }

        var holder = access;
        if (client is not null && !(access.TryGetProperty(client, out holder) && holder.ValueKind == JsonValueKind.Object))
        {
            return;
        }

        if (holder.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var role in list.EnumerateArray())
            {
                if (role.ValueKind == JsonValueKind.String && Roles.All.Contains(role.GetString()!))
                {
                    roles.Add(role.GetString()!);
                }
            }
        }
    }

    // An array claim arrives as one claim per alias; the object form (alias -> details) arrives as one JSON claim.
    private static void AddOrganizations(HashSet<string> organizations, string value)
    {
        if (TryParseObject(value, out var byAlias))
        {
            foreach (var alias in byAlias.EnumerateObject())
            {
                organizations.Add(alias.Name);
            }
        }
        else if (value.Length > 0 && value[0] != '{' && value[0] != '[')
        {
            organizations.Add(value);
        }
    }

    private static bool TryParseObject(string json, out JsonElement value)
    {
        value = default;
        if (json.Length == 0 || json[0] != '{')
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            value = document.RootElement.Clone();
            return value.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
