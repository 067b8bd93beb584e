using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// The prefixes of keys that carry no issuer tag (issued before tags, or inserted behind the service's back), so that
/// verify can tell such a key from a forged one without asking the store. Complete only while it is known to be
/// current: loaded after the listener starts listening, and kept current by the new-key notification every insert
/// sends (a trigger, M0006). While it is not complete (at start, or while the listener is down or deaf), every
/// untagged prefix may exist, and verify asks the store.
/// </summary>
/// <remarks>
/// Entries are 64-bit hashes keyed with a per-process random seed, not strings: about 20 bytes per key instead of
/// about 80, and an attacker cannot aim for collisions. A collision only means one store read. Entries are never
/// removed (keys are not deleted; a deleted one costs a store read per miss).
/// </remarks>
public sealed class UntaggedKeys(DataOptions<RegistryDb> dataOptions)
{
    private readonly HashSet<ulong> prefixes = [];
    private readonly long seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
    private volatile bool complete;

    /// <summary>Set by the listener while every insert is known to be announced to this instance.</summary>
    public bool Complete
    {
        get => complete;
        set => complete = value;
    }

    public int Count
    {
        get
        {
            lock (prefixes)
            {
                return prefixes.Count;
            }
        }
    }

    /// <summary>False only when the prefix is certainly not an untagged key's.</summary>
    public bool MayContain(string prefix)
    {
        if (!complete)
        {
            return true;
        }

        var hash = HashOf(prefix);
        lock (prefixes)
        {
            return prefixes.Contains(hash);
        }
    }

    /// <summary>A key was inserted (announced); tagged or not, remembering it is harmless.</summary>
    public void Add(string prefix)
    {
        var hash = HashOf(prefix);
        lock (prefixes)
        {
            prefixes.Add(hash);
        }
    }

    /// <summary>Reads every untagged prefix; call it once announcements are received, so none falls between.</summary>
    public async Task LoadAsync(byte[] issuerSecret, CancellationToken cancellationToken)
    {
        await using var db = new RegistryDb(dataOptions);
        var batch = new List<ulong>(4096);
        await foreach (var prefix in db.ApiKeys.Select(key => key.Prefix).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (prefix.Length == ApiKeyFormat.PrefixLength && ApiKeyFormat.HasIssuerTag(prefix, issuerSecret))
            {
                continue;
            }

            batch.Add(HashOf(prefix));
            if (batch.Count == batch.Capacity)
            {
                AddAll(batch);
            }
        }

        AddAll(batch);
    }

    private void AddAll(List<ulong> batch)
    {
        lock (prefixes)
        {
            prefixes.UnionWith(batch);
        }

        batch.Clear();
    }

    private ulong HashOf(string prefix) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(prefix.AsSpan()), seed);
}
