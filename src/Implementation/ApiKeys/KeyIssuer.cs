using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Mapping;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Answers "could this prefix belong to a key?" without asking the store, so that a flood of forged but well-formed
/// keys cannot become one store query each. A prefix qualifies when it carries the issuer tag
/// (<see cref="ApiKeyFormat.HasIssuerTag"/>: every key this registry issues does, and only the holder of the issuer
/// secret can make one), or when it is one of the untagged keys in <see cref="UntaggedKeys"/> — or when that list
/// cannot be relied on right now, because then only the store knows.
/// </summary>
/// <remarks>
/// A new key is tagged, so it verifies on every instance right after its 201 without any instance having heard of
/// it. The secret is read from the store once per process (M0006 writes it); until then, and on a store outage,
/// the first caller's read fails like any store read.
/// </remarks>
public sealed class KeyIssuer(DataOptions<RegistryDb> dataOptions, StorePipelines pipelines, UntaggedKeys untagged)
{
    private volatile byte[]? secret;

    public async ValueTask<byte[]> SecretAsync(CancellationToken cancellationToken) =>
        secret ?? (secret = await pipelines.HotRead.ExecuteAsync(ReadSecretAsync, cancellationToken));

    public async ValueTask<bool> MayExistAsync(string prefix, CancellationToken cancellationToken)
    {
        var issuerSecret = await SecretAsync(cancellationToken);
        return ApiKeyFormat.HasIssuerTag(prefix, issuerSecret) || untagged.MayContain(prefix);
    }

    private ValueTask<byte[]> ReadSecretAsync(CancellationToken cancellationToken) =>
        SilentLink.AbandonWhenCancelled(QuerySecretAsync(cancellationToken), cancellationToken);

    private async Task<byte[]> QuerySecretAsync(CancellationToken cancellationToken)
    {
        await using var db = new RegistryDb(dataOptions);
        return await db.GetTable<IssuerRow>().Select(row => row.Secret).FirstAsync(cancellationToken);
    }

    [Table("api_key_issuer")]
    private sealed class IssuerRow
    {
        [Column("id"), PrimaryKey] public int Id { get; set; }
        [Column("secret"), NotNull] public byte[] Secret { get; set; } = [];
    }
}
