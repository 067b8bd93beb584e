using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Json;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// Signs and finds checkpoints. Every checkpoint is also written to the log at Information level as the JSON the API
/// returns, so that a log store outside the registry's database keeps copies an attacker of the database cannot reach.
/// </summary>
public sealed class AuditCheckpoints(RegistryDb db, CheckpointSigner signer, TimeProvider clock, ILogger<AuditCheckpoints> logger)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    private static readonly JsonSerializerOptions Wire = CreateWireOptions();

    /// <summary>Signs the chain's head as it is now, sealed or not since the last one.</summary>
    public async Task<AuditCheckpointRow> CreateAsync(CancellationToken cancellationToken)
    {
        await RegisterSigningKeyAsync(cancellationToken);
        var head = await SealHead.ReadAsync(db, cancellationToken);
        var signedAt = clock.UtcNow();
        var checkpoint = new AuditCheckpointRow
        {
            LastEventId = head.EventId,
            ChainHash = head.ChainHash,
            SignedAt = signedAt,
            Kid = signer.Kid,
            Signature = signer.Sign(CheckpointStatement.Payload(head.EventId, head.ChainHash, signedAt, signer.Kid)),
        };
        checkpoint.Id = await db.InsertWithInt64IdentityAsync(checkpoint, token: cancellationToken);
        logger.LogInformation("Audit checkpoint {Checkpoint}", JsonSerializer.Serialize(checkpoint.ToResponse(), Wire));
        return checkpoint;
    }

    /// <summary>The periodic checkpoint: skipped while the head has not moved since the newest one this key signed.</summary>
    public async Task<AuditCheckpointRow?> CreateIfHeadMovedAsync(CancellationToken cancellationToken)
    {
        var head = await SealHead.ReadAsync(db, cancellationToken);
        var latest = await LatestAsync(cancellationToken);
        return latest is not null && latest.LastEventId == head.EventId && latest.Kid == signer.Kid
            ? null
            : await CreateAsync(cancellationToken);
    }

    public Task<AuditCheckpointRow?> LatestAsync(CancellationToken cancellationToken) =>
        db.AuditCheckpoints().OrderByDescending(c => c.Id).FirstOrNullAsync(cancellationToken);

    /// <summary>Signed at or after <paramref name="since"/>, oldest first.</summary>
    public Task<List<AuditCheckpointRow>> ListAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        var checkpoints = db.AuditCheckpoints().AsQueryable();
        if (since is { } from)
        {
            var bound = from.CeilingToMicrosecond();
            checkpoints = checkpoints.Where(c => c.SignedAt >= bound);
        }

        return checkpoints.OrderBy(c => c.SignedAt).ThenBy(c => c.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The checkpoint nearest above <paramref name="eventId"/> (at it, or the first after it); the newest of equals.</summary>
    public Task<AuditCheckpointRow?> CoveringAsync(long eventId, CancellationToken cancellationToken) =>
        db.AuditCheckpoints().Where(c => c.LastEventId >= eventId).OrderBy(c => c.LastEventId).ThenByDescending(c => c.Id)
            .FirstOrNullAsync(cancellationToken);

    public Task<List<AuditSigningKeyRow>> SigningKeysAsync(CancellationToken cancellationToken) =>
        db.AuditSigningKeys().OrderBy(k => k.CreatedAt).ThenBy(k => k.Kid).ToListAsync(cancellationToken);

    /// <summary>Lists this instance's public key before its first signature, so every checkpoint's kid can be looked up.</summary>
    private async Task RegisterSigningKeyAsync(CancellationToken cancellationToken)
    {
        if (signer.Registered)
        {
            return;
        }

        if (!await db.AuditSigningKeys().AnyAsync(k => k.Kid == signer.Kid, cancellationToken))
        {
            try
            {
                await db.InsertAsync(new AuditSigningKeyRow { Kid = signer.Kid, PublicKeyPem = signer.PublicKeyPem, CreatedAt = clock.UtcNow() },
                    token: cancellationToken);
            }
            catch (Exception exception) when (StoreFailures.IsUniqueViolation(exception))
            {
                // Another instance with the same key listed it first.
            }
        }

        signer.Registered = true;
    }

    private static JsonSerializerOptions CreateWireOptions()
    {
        var options = new JsonSerializerOptions();
        WireFormat.Apply(options);
        return options;
    }
}
