using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Audit.Evidence;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit.Evidence;

/// <summary>
/// Issue 17: sealing under concurrent appends whose commits come out of id order, with transactions held open on
/// purpose: every event is sealed exactly once, in id order, and no gap is passed for ever. Runs once per store.
/// </summary>
public abstract class AuditSealingTests(string store)
{
    [Fact]
    public async Task Concurrent_appends_with_held_transactions_are_all_sealed_once_in_id_order()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        using var writersDone = new CancellationTokenSource();
        var passesRun = 0;
        var sealing = Task.Run(async () =>
        {
            while (!writersDone.IsCancellationRequested)
            {
                await SealAsync(registry);
                Interlocked.Increment(ref passesRun);
            }
        });

        var fastWriters = Enumerable.Range(0, 4).Select(_ => Task.Run(() => registry.AppendAsync(15)));
        var slowWriters = Enumerable.Range(0, 3).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await HeldAppendAsync(registry, TimeSpan.FromMilliseconds(150 + (100 * writer)));
                // However loaded the machine, a pass runs between each writer's appends, so sealing and appending
                // interleave instead of the sealer perhaps starting only after the last commit.
                var before = Volatile.Read(ref passesRun);
                Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref passesRun) > before), TimeSpan.FromSeconds(60)),
                    "no sealing pass ran while the writers appended");
            }
        }));
        await Task.WhenAll([.. fastWriters, .. slowWriters]);
        await writersDone.CancelAsync();
        await sealing;
        var passes = Volatile.Read(ref passesRun);
        await SealAsync(registry);

        await using var connection = await registry.RawConnectionAsync();
        var eventIds = await connection.QueryAsync<long>("SELECT id FROM audit_events ORDER BY id");
        var sealedIds = await connection.QueryAsync<long>("SELECT event_id FROM audit_seals ORDER BY event_id");
        var previousIds = await connection.QueryAsync<long>("SELECT prev_event_id FROM audit_seals ORDER BY event_id");
        Assert.Equal(69, eventIds.Count);
        Assert.Equal(eventIds, sealedIds);
        Assert.Equal(sealedIds.Prepend(0L).Take(sealedIds.Count), previousIds);
        Assert.True(passes > 1, $"only {passes} sealing passes ran during the appends");
        await registry.CheckpointAsync();
        var (exitCode, output) = await registry.VerifyAsync(await registry.ExportAsync());
        Assert.True(exitCode == 0, output);
    }

    /// <summary>Appends an event in a raw transaction that stays open for <paramref name="held"/> before it commits.</summary>
    protected static async Task HeldAppendAsync(EvidenceApp registry, TimeSpan held)
    {
        await using var connection = await registry.RawConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await InsertAsync(connection, transaction, registry.OnPostgres);
        await Task.Delay(held);
        await transaction.CommitAsync();
    }

    protected static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, bool onPostgres)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = onPostgres
            ? "INSERT INTO audit_events (action, created_at) VALUES ('held.writer', now()) RETURNING id"
            : "INSERT INTO audit_events (action, created_at) VALUES ('held.writer', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) RETURNING id";
        return Convert.ToInt64(await insert.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected static async Task<SealReport> SealAsync(EvidenceApp registry)
    {
        await using var scope = registry.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditSealer>().RunAsync(checkpointDue: false, CancellationToken.None);
    }

    protected static async Task<long> SealedHeadAsync(EvidenceApp registry)
    {
        await using var connection = await registry.RawConnectionAsync();
        return (await connection.QueryAsync<long>("SELECT COALESCE(MAX(event_id), 0) FROM audit_seals")).Single();
    }
}

public sealed class AuditSealingTestsOnSqlite() : AuditSealingTests("SQLite");

/// <summary>Only PostgreSQL lets appends commit out of id order; SQLite has one writer at a time.</summary>
public sealed class AuditSealingTestsOnPostgres() : AuditSealingTests("PostgreSQL")
{
    [Fact]
    public async Task The_sealer_waits_for_an_open_append_below_committed_ones()
    {
        await using var registry = await EvidenceApp.StartAsync("PostgreSQL");
        await registry.AppendAsync(1);
        await using var connection = await registry.RawConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var held = await InsertAsync(connection, transaction, onPostgres: true);
        await registry.AppendAsync(3);

        await SealAsync(registry);
        var whileOpen = await SealedHeadAsync(registry);
        await transaction.CommitAsync();
        await SealAsync(registry);

        Assert.Equal(held - 1, whileOpen);
        Assert.Equal(held + 3, await SealedHeadAsync(registry));
    }

    [Fact]
    public async Task An_append_held_open_past_the_gap_timeout_cannot_commit_into_the_passed_gap()
    {
        await using var registry = await EvidenceApp.StartAsync("PostgreSQL");
        await registry.AppendAsync(1);
        await using var connection = await registry.RawConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var held = await InsertAsync(connection, transaction, onPostgres: true);
        await registry.AppendAsync(2);

        await SealAsync(registry);
        registry.App.Clock.Advance(new EvidenceOptions().GapTimeout + TimeSpan.FromSeconds(1));
        await SealAsync(registry);
        var refused = await Assert.ThrowsAnyAsync<DbException>(() => transaction.CommitAsync());

        Assert.Equal(held + 2, await SealedHeadAsync(registry));
        Assert.Contains("sealer has passed it", refused.Message);
        await using var check = await registry.RawConnectionAsync();
        Assert.Empty(await check.QueryAsync<long>($"SELECT id FROM audit_events WHERE id = {held}"));
        await registry.CheckpointAsync();
        var (exitCode, output) = await registry.VerifyAsync(await registry.ExportAsync());
        Assert.True(exitCode == 0, output);
    }
}
