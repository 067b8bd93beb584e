using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Tenants;

namespace TenantRegistry.Contract.Tests.Tenants;

/// <summary>
/// Each rule of TenantRules that has a query form and an in-memory form gives the same answer both ways, for every
/// status and every trial end and scheduled freeze day around now, as each store evaluates the query.
/// </summary>
public abstract class TenantRulesTests(RegistryFixture registry)
{
    [Fact]
    public async Task Query_and_in_memory_forms_of_each_rule_agree_on_every_tenant_state()
    {
        var now = registry.App.Clock.GetUtcNow();
        var today = TenantRules.Today(now);
        string[] statuses = [TenantStates.Demo, TenantStates.Trial, TenantStates.Active, TenantStates.Frozen, TenantStates.Archived];
        DateTimeOffset?[] trialEnds = [null, now.AddDays(-1), now.AddMicroseconds(-1), now.AddMinutes(1)];
        DateOnly?[] freezeDays = [null, today.AddDays(-1), today, today.AddDays(1)];
        var batch = Guid.NewGuid();
        var rows = (
            from status in statuses
            from trialEnd in trialEnds
            from freezeDay in freezeDays
            select new TenantRow
            {
                Id = Guid.NewGuid(),
                Slug = "rules-" + Guid.NewGuid().ToString("N")[..20],
                Name = "rules",
                Status = status,
                Kind = TenantStates.CustomerKind,
                Plan = TenantStates.DefaultPlan,
                SalesOwner = batch.ToString(),
                TrialEndsAt = trialEnd,
                FreezeScheduledOn = freezeDay,
                CreatedAt = now,
                UpdatedAt = now,
            }).ToList();
        await registry.WithStoreAsync(async db =>
        {
            foreach (var row in rows)
            {
                await db.InsertAsync(row);
            }

            return rows.Count;
        });

        var stored = await registry.WithStoreAsync(db => db.Tenants.Where(t => t.SalesOwner == batch.ToString()).ToListAsync());
        Assert.Equal(rows.Count, stored.Count);
        await AgreeAsync("TrialOver", TenantRules.TrialOver(now), t => TenantRules.IsTrialOver(t.Standing, now), batch, stored);
        await AgreeAsync("ScheduledFreezeDue", TenantRules.ScheduledFreezeDue(now), t => TenantRules.IsScheduledFreezeDue(t.Standing, now), batch, stored);
    }

    private async Task AgreeAsync(string rule, System.Linq.Expressions.Expression<Func<TenantRow, bool>> query, Func<TenantRow, bool> inMemory,
        Guid batch, List<TenantRow> stored)
    {
        var byQuery = await registry.WithStoreAsync(db => db.Tenants.Where(t => t.SalesOwner == batch.ToString()).Where(query).Select(t => t.Id).ToListAsync());
        var byMemory = stored.Where(inMemory).Select(t => t.Id).ToList();
        Assert.True(byMemory.Count > 0, $"{rule}: no arranged state satisfies the rule, so nothing was compared");
        Assert.Equal(byMemory.Order(), byQuery.Order());
    }
}

public sealed class TenantRulesTestsOnSqlite(SqliteRegistry registry) : TenantRulesTests(registry), IClassFixture<SqliteRegistry>;

public sealed class TenantRulesTestsOnPostgres(PostgresRegistry registry) : TenantRulesTests(registry), IClassFixture<PostgresRegistry>;
