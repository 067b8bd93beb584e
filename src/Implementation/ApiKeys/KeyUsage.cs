using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Remembers when keys were used so that last_used_at is written off the request path, at most about once per
/// <see cref="ApiKeyOptions.UsageWriteEvery"/> per key.
/// </summary>
public sealed class KeyUsage(IOptions<ApiKeyOptions> options)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> lastRecorded = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> pending = new();

    public void Record(Guid keyId, DateTimeOffset usedAt)
    {
        if (lastRecorded.TryGetValue(keyId, out var last) && usedAt - last < options.Value.UsageWriteEvery)
        {
            return;
        }

        lastRecorded[keyId] = usedAt;
        pending[keyId] = usedAt;
    }

    /// <summary>
    /// What the store already says of a key's use, from the verify warm-up's load: a use within
    /// <see cref="ApiKeyOptions.UsageWriteEvery"/> of it is not written again, as it would not have been before the
    /// restart. Without this a restarted instance wrote every key's last_used_at once more on its first verify:
    /// 100,000 row updates in its first seconds in rotation, beside the verifies, on the store every instance shares.
    /// </summary>
    public void RecordedBefore(Guid keyId, DateTimeOffset? lastUsedAt, DateTimeOffset now)
    {
        if (lastUsedAt is { } at && now - at < options.Value.UsageWriteEvery)
        {
            lastRecorded.TryAdd(keyId, at);
        }
    }

    /// <summary>The usage to write now. Also forgets when keys were last recorded once that no longer holds back a
    /// write, so this remembers only the keys used within <see cref="ApiKeyOptions.UsageWriteEvery"/>, not every key
    /// ever verified.</summary>
    public IReadOnlyList<KeyValuePair<Guid, DateTimeOffset>> TakePending(DateTimeOffset now)
    {
        foreach (var recorded in lastRecorded)
        {
            if (now - recorded.Value >= options.Value.UsageWriteEvery)
            {
                lastRecorded.TryRemove(recorded);
            }
        }

        var taken = new List<KeyValuePair<Guid, DateTimeOffset>>();
        foreach (var keyId in pending.Keys)
        {
            if (pending.TryRemove(keyId, out var usedAt))
            {
                taken.Add(new(keyId, usedAt));
            }
        }

        return taken;
    }

    /// <summary>Puts back usage a failed write could not store, unless a newer use was recorded meanwhile.</summary>
    public void Return(IEnumerable<KeyValuePair<Guid, DateTimeOffset>> unwritten)
    {
        foreach (var (keyId, usedAt) in unwritten)
        {
            pending.AddOrUpdate(keyId, usedAt, (_, newer) => newer > usedAt ? newer : usedAt);
        }
    }
}
