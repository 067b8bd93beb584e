namespace TenantRegistry.Audit.Evidence;

public sealed class EvidenceOptions
{
    public const string SectionName = "Audit";

    /// <summary>The ECDSA P-256 private key (PKCS#8 or SEC1 PEM) checkpoints are signed with. Empty: a key file
    /// next to the embedded database, generated on first start.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>How often the sealer signs a checkpoint of the chain's head (when the head has moved).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the sealer looks for new events; with the time one pass takes, the usual sealing lag.</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a missing id below committed events is waited for before the sealer passes it as never coming
    /// (a rolled-back append). On PostgreSQL an append still open after that cannot commit any more.
    /// </summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events read, hashed and sealed per transaction.</summary>
    public int SealBatchSize { get; set; } = 1000;
}
