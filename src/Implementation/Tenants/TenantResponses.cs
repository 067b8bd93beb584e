using TenantRegistry.Generated;

namespace TenantRegistry.Tenants;

internal static class TenantResponses
{
    public static Tenant ToResponse(this TenantRow row) => new()
    {
        Id = row.Id,
        Slug = row.Slug,
        Name = row.Name,
        Status = Enum.Parse<TenantStatus>(row.Status, ignoreCase: true),
        Kind = Enum.Parse<TenantKind>(row.Kind, ignoreCase: true),
        Plan = row.Plan,
        Erp_customer_id = row.ErpCustomerId,
        Stripe_cust_id = row.StripeCustomerId,
        Sales_owner = row.SalesOwner,
        Trial_ends_at = row.TrialEndsAt,
        Contract_start = row.ContractStart,
        Contract_end = row.ContractEnd,
        Cancel_at = row.FreezeScheduledOn,
        Created_at = row.CreatedAt,
        Updated_at = row.UpdatedAt,
    };
}
