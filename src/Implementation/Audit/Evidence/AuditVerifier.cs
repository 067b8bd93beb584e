using System.Security.Cryptography;
using System.Text.Json;

namespace TenantRegistry.Audit.Evidence;

/// <summary>The verdict of a verification: the first event that does not match, or what was proven.</summary>
public sealed record VerificationResult(bool Verified, long? EventId, string Message);

/// <summary>
/// Checks an export line by line, trusting nothing but the public keys it is given (docs/audit.md "Verifying"):
/// every event's hash against its seal, every seal's link against the one before it, the checkpoint's signature and
/// its hash against the chain's. Memory stays constant; it stops at the first line that does not match and names its
/// event. Checkpoints kept outside the registry (its log, an earlier export) may be added: each must match the chain
/// at its event, which catches a database whose newest events and checkpoints were both removed.
/// </summary>
public sealed class AuditVerifier
{
    private readonly IReadOnlyDictionary<string, ECDsa> keys;
    private readonly Dictionary<long, List<SignedCheckpoint>> outside;
    private readonly bool requireCheckpoint;
    private bool started;
    private bool chainVerifiable;
    private long lastId;
    private byte[] link = [];
    private long? firstId;
    private long lastEventId;
    private long events;
    private SignedCheckpoint? trailer;

    /// <param name="keys">The trusted public keys by kid.</param>
    /// <param name="outsideCheckpoints">Checkpoints held outside the export, each checked against the chain.</param>
    /// <param name="requireCheckpoint">Whether the export must end with a checkpoint (a file must; the live store may
    /// have events sealed after its newest checkpoint).</param>
    public AuditVerifier(IReadOnlyDictionary<string, ECDsa> keys, IEnumerable<SignedCheckpoint> outsideCheckpoints, bool requireCheckpoint)
    {
        this.keys = keys;
        outside = outsideCheckpoints.GroupBy(c => c.LastEventId).ToDictionary(group => group.Key, group => group.ToList());
        this.requireCheckpoint = requireCheckpoint;
    }

    /// <returns>The failure this line shows, or null to go on.</returns>
    public VerificationResult? Check(JsonElement line)
    {
        try
        {
            var type = line.ValueKind == JsonValueKind.Object && line.TryGetProperty("type", out var kind) ? kind.GetString() : null;
            if (!started && type != "start")
            {
                return Failed(null, "the export does not begin with its start line");
            }

            return type switch
            {
                "start" when started => Failed(null, "the export has a second start line"),
                "start" => Start(line),
                "event" => Event(line),
                "seal" => chainVerifiable ? Link(IdOf(line), line.GetProperty("seal")) : Failed(IdOf(line), "a filtered export holds a chain seal"),
                "checkpoint" when trailer is not null => Failed(null, "the export has a second checkpoint line"),
                "checkpoint" => Checkpoint(SignedCheckpoint.Parse(line.GetProperty("checkpoint"))),
                _ => Failed(null, $"a line of unknown type '{type}'"),
            };
        }
        catch (Exception exception) when (exception is FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return Failed(lastId == 0 ? null : lastId, $"a line after event {lastId} cannot be read: {exception.Message}");
        }
    }

    /// <summary>After the last line: what was proven, or what is missing.</summary>
    public VerificationResult Finish()
    {
        if (!started)
        {
            return Failed(null, "the export is empty");
        }

        if (trailer is null && requireCheckpoint)
        {
            return Failed(null, $"the export ends after event {lastId} without a checkpoint: it was cut short, and nothing signed vouches for it");
        }

        if (chainVerifiable && outside.Values.SelectMany(c => c).Where(c => c.LastEventId > lastId).MinBy(c => c.LastEventId) is { } beyond)
        {
            return Failed(lastId + 1, $"the chain ends at event {lastId}, but {beyond.Describe()} covers up to event {beyond.LastEventId}: the events after {lastId} were removed");
        }

        var range = firstId is { } first ? $"events {first} to {lastEventId}" : "no events";
        var covered = trailer is null ? "no checkpoint covers the newest events yet" : $"{trailer.Describe()} verifies";
        return chainVerifiable
            ? new VerificationResult(true, null, $"verified: {this.events} events ({range}), every seal and link intact; {covered}")
            : new VerificationResult(true, null, $"verified: {this.events} events each match their seal; {covered}. A filtered export cannot show that no event is missing between them");
    }

    private VerificationResult? Start(JsonElement line)
    {
        started = true;
        chainVerifiable = line.TryGetProperty("chain_verifiable", out var verifiable) && verifiable.GetBoolean();
        if (chainVerifiable)
        {
            lastId = line.GetProperty("after_id").GetInt64();
            link = AuditChain.FromHex(line.GetProperty("after_hash").GetString());
            if (lastId == 0 && !link.AsSpan().SequenceEqual(AuditChain.Genesis))
            {
                return Failed(null, "the chain does not start from the genesis link");
            }

            return MatchOutside(lastId);
        }

        return null;
    }

    private VerificationResult? Event(JsonElement line)
    {
        var id = IdOf(line);
        if (firstId is not null && id <= lastId)
        {
            return Failed(id, $"the line of event {id} comes after event {lastId}: the export is out of order");
        }

        var hasEvent = line.TryGetProperty("event", out var wireEvent);
        var hasSeal = line.TryGetProperty("seal", out var seal);
        if (!hasSeal)
        {
            return Failed(id, $"event {id} has no seal: it was inserted after its id had been sealed past");
        }

        if (!hasEvent)
        {
            return Failed(id, $"event {id} was removed: its seal remains");
        }

        if (!wireEvent.TryGetProperty("id", out var eventId) || !eventId.TryGetInt64(out var stored) || stored != id)
        {
            return Failed(id, $"the line of event {id} holds another event");
        }

        var eventHash = AuditChain.EventHash(EventCanonicalForm.Of(wireEvent));
        if (!eventHash.AsSpan().SequenceEqual(AuditChain.FromHex(seal.GetProperty("event_hash").GetString())))
        {
            return Failed(id, $"event {id} was changed: it does not match its seal (a field changed, or its content swapped with another event's)");
        }

        firstId ??= id;
        lastEventId = id;
        events++;
        if (!chainVerifiable)
        {
            lastId = id;
            return null;
        }

        return Link(id, seal);
    }

    private VerificationResult? Link(long id, JsonElement seal)
    {
        var previous = seal.GetProperty("prev_id").GetInt64();
        if (previous > lastId)
        {
            return Failed(previous, $"event {previous} was removed with its seal: the seal of event {id} follows it, but the chain before it ends at event {lastId}");
        }

        if (previous < lastId || id <= lastId)
        {
            return Failed(id, $"the seal of event {id} follows event {previous}, but the chain is at event {lastId}: an event was inserted or the order changed");
        }

        var next = AuditChain.Link(link, AuditChain.FromHex(seal.GetProperty("event_hash").GetString()));
        if (!next.AsSpan().SequenceEqual(AuditChain.FromHex(seal.GetProperty("chain_hash").GetString())))
        {
            return Failed(id, $"the seal of event {id} does not continue the chain: the seals from here on were rewritten");
        }

        (lastId, link) = (id, next);
        return MatchOutside(id);
    }

    private VerificationResult? Checkpoint(SignedCheckpoint checkpoint)
    {
        trailer = checkpoint;
        if (checkpoint.SignatureProblem(keys) is { } problem)
        {
            return Failed(checkpoint.LastEventId, problem);
        }

        if (!chainVerifiable)
        {
            return null;
        }

        if (checkpoint.LastEventId > lastId)
        {
            return Failed(lastId + 1, $"the chain ends at event {lastId}, but {checkpoint.Describe()} covers up to event {checkpoint.LastEventId}: the events after {lastId} were removed");
        }

        return checkpoint.LastEventId == lastId && checkpoint.ChainHash.AsSpan().SequenceEqual(link)
            ? null
            : Failed(checkpoint.LastEventId, $"{checkpoint.Describe()} does not match the chain: the chain through event {checkpoint.LastEventId} was rewritten");
    }

    private VerificationResult? MatchOutside(long id)
    {
        if (!outside.Remove(id, out var checkpoints))
        {
            return null;
        }

        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint.SignatureProblem(keys) is { } problem)
            {
                return Failed(id, problem);
            }

            if (!checkpoint.ChainHash.AsSpan().SequenceEqual(link))
            {
                return Failed(id, $"{checkpoint.Describe()} does not match the chain: the chain through event {id} was rewritten");
            }
        }

        return null;
    }

    private static long IdOf(JsonElement line) => line.GetProperty("id").GetInt64();

    private static VerificationResult Failed(long? eventId, string message) => new(false, eventId, message);
}
