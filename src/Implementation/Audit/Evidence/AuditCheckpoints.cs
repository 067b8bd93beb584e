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
public sealed class AuditCheckpoints(RegistryDb db, CheckpointQueries queries, CheckpointSigner signer, TimeProvider clock, ILogger<AuditCheckpoints> logger)
{
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
        var latest = await queries.LatestAsync(cancellationToken);
        return latest is not null && latest.LastEventId == head.EventId && latest.Kid == signer.Kid
            ? null
            : await CreateAsync(cancellationToken);
    }

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
