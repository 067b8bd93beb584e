using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>
/// "This change left its event in the audit log", checked the way a consumer would: through GET /v1/audit.
/// For any feature whose mutations must be audited (tenants, catalog, API keys).
/// </summary>
public static class AuditExpectations
{
    /// <summary>
    /// Expects GET /v1/audit to list an event with <paramref name="action"/> for <paramref name="tenantId"/> whose
    /// target is <paramref name="targetId"/>; returns the newest such event for further assertions.
    /// </summary>
    public static async Task<JsonObject> ExpectAuditEventAsync(this HttpClient client, string action, string tenantId, string targetId)
    {
        var page = await client.ListAuditAsync($"tenant_id={tenantId}&action={Uri.EscapeDataString(action)}&limit=500");

        var events = page.Items();
        var match = events.FirstOrDefault(item => (string?)item["target_id"] == targetId);
        Assert.True(match is not null,
            $"no '{action}' event for tenant {tenantId} and target {targetId} in GET /v1/audit; found: {new JsonArray([.. events.Select(e => e.DeepClone())])}");
        Assert.Equal(action, (string?)match["action"]);
        Assert.Equal(tenantId, (string?)match["tenant_id"]);
        return match;
    }
}
