using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>What one pass did; <see cref="Ran"/> is false when another instance held the sealer lock.</summary>
public sealed record SealReport(bool Ran, int Sealed, AuditCheckpointRow? Checkpoint)
{
    public static readonly SealReport LeftToAnotherInstance = new(false, 0, null);
}

/// <summary>
/// One sealing pass: extends the chain over the committed events above its head, in id order, batch by batch.
/// Commit order is not id order, so an id missing below committed events may still be on its way: the pass stops
/// there and waits, and passes it only once it has been missing for <see cref="EvidenceOptions.GapTimeout"/> (a
/// rolled-back append leaves such an id for ever). Passing a gap happens under the exclusive gap lock and after one
/// more look, and on PostgreSQL an append that still tries to commit into a passed gap is refused by the store, so no
/// committed event is ever left out. Seals are written in the pass's own transactions, never in an append's.
/// </summary>
public sealed class AuditSealer(RegistryDb db, SealLocks locks, SealerState state, AuditCheckpoints checkpoints,
    IOptions<EvidenceOptions> options, TimeProvider clock)
{
    public async Task<SealReport> RunAsync(bool checkpointDue, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!await locks.TryAcquireSealerAsync(cancellationToken))
            {
                return SealReport.LeftToAnotherInstance;
            }

            try
            {
                var sealedCount = await SealPendingAsync(cancellationToken);
                var checkpoint = checkpointDue ? await checkpoints.CreateIfHeadMovedAsync(cancellationToken) : null;
                return new SealReport(true, sealedCount, checkpoint);
            }
            finally
            {
                await locks.ReleaseSealerAsync();
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private async Task<int> SealPendingAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.Value.SealBatchSize;
        var head = await SealHead.ReadAsync(db, cancellationToken);
        var total = 0;
        while (true)
        {
            // Ids first, whole rows only up to where this pass can seal. Under concurrent appends an append still in
            // flight just above the head is the normal case, and reading up to SealBatchSize rows with their
            // metadata every pass only to stop at it again was most of the sealer's cost (docs/audit.md, "CPU per
            // append").
            var ids = await db.AuditEvents.Where(e => e.Id > head.EventId).OrderBy(e => e.Id).Select(e => e.Id).Take(batchSize)
                .ToListAsync(cancellationToken);
            var through = SealableThrough(head.EventId, ids);
            if (through == head.EventId)
            {
                break;
            }

            var events = await db.AuditEvents.Where(e => e.Id > head.EventId && e.Id <= through).OrderBy(e => e.Id)
                .ToListAsync(cancellationToken);
            var (seals, passesGap, waitsOnGap) = Seal(head, events);
            if (seals.Count > 0)
            {
                if (!await StoreAsync(seals, passesGap, cancellationToken))
                {
                    // The gap filled between the look and the lock: the next pass seals the newcomer in its place.
                    break;
                }

                total += seals.Count;
                head = new SealHead(seals[^1].EventId, seals[^1].ChainHash);
            }

            if (waitsOnGap || through != ids[^1] || ids.Count < batchSize)
            {
                break;
            }
        }

        state.Sealed(total, await LagSecondsAsync(head, cancellationToken));
        return total;
    }

    /// <summary>The last of <paramref name="ids"/> before the first gap this pass must wait on.</summary>
    private long SealableThrough(long headId, List<long> ids)
    {
        var now = clock.UtcNow();
        var previousId = headId;
        foreach (var id in ids)
        {
            if (id != previousId + 1 && !state.MayPassGap(previousId + 1, now, options.Value.GapTimeout))
            {
                break;
            }

            previousId = id;
        }

        return previousId;
    }

    private (List<AuditSealRow> Seals, bool PassesGap, bool WaitsOnGap) Seal(SealHead head, List<AuditEventRow> events)
    {
        var now = clock.UtcNow();
        var seals = new List<AuditSealRow>(events.Count);
        var passesGap = false;
        var (previousId, previousLink) = (head.EventId, head.ChainHash);
        foreach (var row in events)
        {
            if (row.Id != previousId + 1)
            {
                if (!state.MayPassGap(previousId + 1, now, options.Value.GapTimeout))
                {
                    return (seals, passesGap, true);
                }

                passesGap = true;
            }

            var eventHash = AuditChain.EventHash(EventCanonicalForm.Of(row));
            var link = AuditChain.Link(previousLink, eventHash);
            seals.Add(new AuditSealRow { EventId = row.Id, PrevEventId = previousId, EventHash = eventHash, ChainHash = link, SealedAt = now });
            (previousId, previousLink) = (row.Id, link);
        }

        return (seals, passesGap, false);
    }

    /// <returns>False when a gap to be passed turned out to be filled after all; nothing was written then.</returns>
    private async Task<bool> StoreAsync(List<AuditSealRow> seals, bool passesGap, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        if (passesGap)
        {
            await locks.HoldGapClosedAsync(cancellationToken);
            var (after, through) = (seals[0].PrevEventId, seals[^1].EventId);
            var present = await db.AuditEvents.Where(e => e.Id > after && e.Id <= through).CountAsync(cancellationToken);
            if (present != seals.Count)
            {
                return false;
            }
        }

        await db.BulkCopyAsync(seals, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<double> LagSecondsAsync(SealHead head, CancellationToken cancellationToken)
    {
        var oldestUnsealed = await db.AuditEvents.Where(e => e.Id > head.EventId).OrderBy(e => e.Id)
            .Select(e => (DateTimeOffset?)e.CreatedAt).Take(1).ToListAsync(cancellationToken);
        return oldestUnsealed is [{ } createdAt] ? Math.Max(0, (clock.UtcNow() - createdAt).TotalSeconds) : 0;
    }
}
