using LinqToDB.Mapping;

namespace TenantRegistry.Tenants;

[Table("tenants")]
public sealed class TenantRow
{
    [Column("id"), PrimaryKey] public Guid Id { get; set; }
    [Column("slug"), NotNull] public string Slug { get; set; } = "";
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = "";
    [Column("kind"), NotNull] public string Kind { get; set; } = "";
    [Column("plan"), NotNull] public string Plan { get; set; } = "";
    [Column("erp_customer_id")] public string? ErpCustomerId { get; set; }
    [Column("stripe_cust_id")] public string? StripeCustomerId { get; set; }
    [Column("sales_owner")] public string? SalesOwner { get; set; }
    [Column("trial_ends_at")] public DateTimeOffset? TrialEndsAt { get; set; }
    [Column("contract_start")] public DateOnly? ContractStart { get; set; }
    [Column("contract_end")] public DateOnly? ContractEnd { get; set; }

    /// <summary>The day a cancellation "at period end" takes effect (the contract end); the sweeper freezes the tenant then.</summary>
    [Column("freeze_scheduled_on")] public DateOnly? FreezeScheduledOn { get; set; }

    [Column("created_at"), NotNull] public DateTimeOffset CreatedAt { get; set; }
    [Column("updated_at"), NotNull] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What the tenant rules read of this row.</summary>
    public TenantStanding Standing => new(Status, TrialEndsAt, FreezeScheduledOn);
}
