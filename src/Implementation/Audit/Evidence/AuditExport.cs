using System.Runtime.CompilerServices;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Generated;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// The lines of an export, read in batches so memory stays constant at any size (docs/audit.md "Export").
/// Unfiltered, a window is an unbroken id range: a `start` line with the link before it; for every id that has a
/// seal or an event, an `event` line with both (one is missing only when the store was tampered with, and the
/// verifier names that id); `seal` lines from the window's end on to the checkpoint that covers it; the checkpoint.
/// Filtered, only matching sealed events with their seals, and the chain cannot be followed.
/// </summary>
public sealed class AuditExport(RegistryDb db, CheckpointQueries checkpoints)
{
    public const int BatchSize = 1000;

    /// <summary>
    /// With <paramref name="signWhenUncovered"/>, a checkpoint of the head is signed when none covers the last line
    /// (the API does; the verifier's walk of the store, which must not write, does not).
    /// </summary>
    public async IAsyncEnumerable<AuditExportLine> LinesAsync(AuditQuery query, Func<CancellationToken, Task<AuditCheckpointRow>>? signWhenUncovered,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var head = await SealHead.ReadAsync(db, cancellationToken);
        var filtered = query.TenantId is not null || query.Product is not null || query.ActorId is not null || query.Action is not null;
        var lines = filtered ? FilteredAsync(query, head, cancellationToken) : WindowAsync(query, head, cancellationToken);
        var lastId = 0L;
        await foreach (var line in lines)
        {
            lastId = line.Id ?? line.After_id ?? lastId;
            yield return line;
        }

        var checkpoint = await checkpoints.CoveringAsync(filtered ? head.EventId : lastId, cancellationToken);
        if (checkpoint is null && signWhenUncovered is not null)
        {
            checkpoint = await signWhenUncovered(cancellationToken);
        }

        if (checkpoint is null)
        {
            yield break;
        }

        if (!filtered)
        {
            await foreach (var seal in SealsAsync(lastId, checkpoint.LastEventId, cancellationToken))
            {
                yield return new AuditExportLine { Type = AuditExportLineType.Seal, Id = seal.EventId, Seal = seal.ToResponse() };
            }
        }

        yield return new AuditExportLine { Type = AuditExportLineType.Checkpoint, Checkpoint = checkpoint.ToResponse(), Chain_verifiable = !filtered };
    }

    private async IAsyncEnumerable<AuditExportLine> WindowAsync(AuditQuery query, SealHead head, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? first = query.Since is { } since
            ? await AuditLog.Filtered(db.AuditEvents, query with { Until = null }).MinAsync(e => (long?)e.Id, cancellationToken)
            : 1;
        long? last = query.Until is { } until
            ? await AuditLog.Filtered(db.AuditEvents, query with { Since = null }).MaxAsync(e => (long?)e.Id, cancellationToken)
            : head.EventId;
        var through = Math.Min(last ?? 0, head.EventId);
        var start = await SealHead.BeforeAsync(db, first ?? head.EventId + 1, cancellationToken);
        yield return new AuditExportLine
        {
            Type = AuditExportLineType.Start,
            After_id = start.EventId,
            After_hash = AuditChain.Hex(start.ChainHash),
            Chain_verifiable = true,
        };

        var cursor = start.EventId;
        while (cursor < through)
        {
            var from = cursor;
            var seals = await db.AuditSeals().Where(s => s.EventId > from && s.EventId <= through).OrderBy(s => s.EventId)
                .Take(BatchSize).ToListAsync(cancellationToken);
            var batchEnd = seals.Count == BatchSize ? seals[^1].EventId : through;
            var events = await db.AuditEvents.Where(e => e.Id > from && e.Id <= batchEnd).OrderBy(e => e.Id).ToListAsync(cancellationToken);
            foreach (var line in Merge(seals, events))
            {
                yield return line;
            }

            cursor = batchEnd;
        }
    }

    private async IAsyncEnumerable<AuditExportLine> FilteredAsync(AuditQuery query, SealHead head, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new AuditExportLine { Type = AuditExportLineType.Start, Chain_verifiable = false };
        var cursor = 0L;
        while (true)
        {
            var from = cursor;
            var events = await AuditLog.Filtered(db.AuditEvents, query).Where(e => e.Id > from && e.Id <= head.EventId)
                .OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (events.Count == 0)
            {
                yield break;
            }

            var ids = events.Select(e => e.Id).ToList();
            var seals = await db.AuditSeals().Where(s => ids.Contains(s.EventId)).ToDictionaryAsync(s => s.EventId, cancellationToken);
            foreach (var row in events)
            {
                yield return new AuditExportLine
                {
                    Type = AuditExportLineType.Event,
                    Id = row.Id,
                    Event = row.ToResponse(),
                    Seal = seals.GetValueOrDefault(row.Id)?.ToResponse(),
                };
            }

            cursor = events[^1].Id;
        }
    }

    private async IAsyncEnumerable<AuditSealRow> SealsAsync(long after, long through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = after;
        while (cursor < through)
        {
            var from = cursor;
            var seals = await db.AuditSeals().Where(s => s.EventId > from && s.EventId <= through).OrderBy(s => s.EventId)
                .Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var seal in seals)
            {
                yield return seal;
            }

            cursor = seals.Count == BatchSize ? seals[^1].EventId : through;
        }
    }

    /// <summary>Seals and events of one id range, both in id order, as one line per id.</summary>
    private static IEnumerable<AuditExportLine> Merge(List<AuditSealRow> seals, List<AuditEventRow> events)
    {
        var (s, e) = (0, 0);
        while (s < seals.Count || e < events.Count)
        {
            var sealId = s < seals.Count ? seals[s].EventId : long.MaxValue;
            var eventId = e < events.Count ? events[e].Id : long.MaxValue;
            var id = Math.Min(sealId, eventId);
            yield return new AuditExportLine
            {
                Type = AuditExportLineType.Event,
                Id = id,
                Event = eventId == id ? events[e++].ToResponse() : null,
                Seal = sealId == id ? seals[s++].ToResponse() : null,
            };
        }
    }
}
