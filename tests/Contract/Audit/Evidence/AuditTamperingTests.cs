using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TenantRegistry.Audit.Evidence;

namespace TenantRegistry.Contract.Tests.Audit.Evidence;

/// <summary>
/// Issue 17: a clean export verifies; every kind of rewrite done directly in the store, with the append-only
/// triggers out of the way, is found by the offline verifier and named by event id; a checkpoint signed with another
/// key is refused. Each test has a store of its own. Runs once per store.
/// </summary>
public abstract class AuditTamperingTests(string store)
{
    [Fact]
    public async Task A_clean_export_verifies()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(5);
        var checkpoint = await registry.CheckpointAsync();
        var export = await registry.ExportAsync();

        var (exitCode, output) = await registry.VerifyAsync(export);

        Assert.True(exitCode == 0, output);
        Assert.Contains("verified: 5 events (events 1 to 5)", output);
        Assert.Equal(5, (long)checkpoint["last_event_id"]!);
        Assert.Equal(7, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // start, 5 events, checkpoint
    }

    [Fact]
    public async Task A_changed_metadata_field_is_named()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(5);
        await registry.CheckpointAsync();

        await registry.TamperAsync(registry.OnPostgres
            ? "UPDATE audit_events SET metadata = jsonb_set(metadata, '{amount}', '99.5') WHERE id = 3"
            : "UPDATE audit_events SET metadata = json_set(metadata, '$.amount', 99.5) WHERE id = 3");
        var (exitCode, output) = await registry.VerifyAsync(await registry.ExportAsync());

        Assert.Equal(1, exitCode);
        Assert.Contains("NOT VERIFIED at event 3: event 3 was changed", output);
    }

    [Fact]
    public async Task A_deleted_event_is_named()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(5);
        await registry.CheckpointAsync();

        await registry.TamperAsync("DELETE FROM audit_events WHERE id = 2");
        var withSealLeft = await registry.VerifyAsync(await registry.ExportAsync());
        await registry.TamperAsync("DELETE FROM audit_seals WHERE event_id = 2");
        var withSealGone = await registry.VerifyAsync(await registry.ExportAsync());

        Assert.Equal(1, withSealLeft.ExitCode);
        Assert.Contains("NOT VERIFIED at event 2: event 2 was removed", withSealLeft.Output);
        Assert.Equal(1, withSealGone.ExitCode);
        Assert.Contains("NOT VERIFIED at event 2: event 2 was removed with its seal", withSealGone.Output);
    }

    [Fact]
    public async Task An_inserted_event_is_named()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(2);
        await registry.BurnAnIdAsync();
        await registry.AppendAsync(2);
        await registry.CheckpointAsync(); // sees id 3 missing below 4 and 5
        registry.App.Clock.Advance(new EvidenceOptions().GapTimeout + TimeSpan.FromSeconds(1));
        var passed = await registry.CheckpointAsync(); // the gap is old enough to be a rolled-back append

        await registry.TamperAsync("INSERT INTO audit_events (id, action, created_at) VALUES (3, 'forged.event', " +
            (registry.OnPostgres ? "now())" : "'2026-01-01T00:00:00.000000Z')"));
        var (exitCode, output) = await registry.VerifyAsync(await registry.ExportAsync());

        Assert.Equal(5, (long)passed["last_event_id"]!);
        Assert.Equal(1, exitCode);
        Assert.Contains("NOT VERIFIED at event 3: event 3 has no seal", output);
    }

    [Fact]
    public async Task Two_swapped_events_are_named()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(5);
        await registry.CheckpointAsync();

        // Ids are the primary key: swapping two events moves one out of the way first.
        await registry.TamperAsync("""
            UPDATE audit_events SET id = -1 WHERE id = 2;
            UPDATE audit_events SET id = 2 WHERE id = 3;
            UPDATE audit_events SET id = 3 WHERE id = -1;
            """);
        var (exitCode, output) = await registry.VerifyAsync(await registry.ExportAsync());

        Assert.Equal(1, exitCode);
        Assert.Contains("NOT VERIFIED at event 2: ", output);
    }

    [Fact]
    public async Task Events_truncated_after_a_checkpoint_are_named()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(6);
        await registry.CheckpointAsync();

        await registry.TamperAsync("DELETE FROM audit_events WHERE id >= 5");
        await registry.TamperAsync("DELETE FROM audit_seals WHERE event_id >= 5");
        var (exitCode, output) = await registry.VerifyAsync(await registry.ExportAsync());

        Assert.Equal(1, exitCode);
        Assert.Contains("NOT VERIFIED at event 5: the chain ends at event 4, but the checkpoint of event 6", output);
        Assert.Contains("the events after 4 were removed", output);
    }

    [Fact]
    public async Task Truncation_of_events_and_checkpoints_is_found_with_a_checkpoint_kept_outside()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(4);
        var kept = await registry.CheckpointAsync();
        var keptFile = Path.Combine(Path.GetTempPath(), "tenant-registry-tests", Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(keptFile, kept.ToJsonString());

        await registry.TamperAsync("DELETE FROM audit_events WHERE id = 4");
        await registry.TamperAsync("DELETE FROM audit_seals WHERE event_id = 4");
        await registry.TamperAsync("DELETE FROM audit_checkpoints WHERE last_event_id = 4");
        var export = await registry.ExportAsync();
        var alone = await registry.VerifyAsync(export);
        var withKept = await registry.VerifyAsync(export, "--checkpoints", keptFile);

        Assert.Equal(0, alone.ExitCode); // what the store still holds is consistent, and freshly signed
        Assert.Equal(1, withKept.ExitCode);
        Assert.Contains("NOT VERIFIED at event 4: the chain ends at event 3", withKept.Output);
    }

    [Fact]
    public async Task A_checkpoint_signed_with_another_key_is_refused()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(3);
        var genuine = await registry.CheckpointAsync();
        await registry.AppendAsync(1);
        await registry.CheckpointAsync();
        await registry.TamperAsync("DELETE FROM audit_checkpoints WHERE last_event_id = 4");

        // A forger who rewrote event 4 signs the new chain head with a key of their own, under the genuine kid.
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var export = await registry.ExportAsync("?until=2100-01-01T00:00:00Z");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        var head = lines.Last(line => (string)line["type"]! == "event")["seal"]!;
        var kid = (string)genuine["kid"]!;
        var signedAt = DateTimeOffset.UtcNow;
        var payload = CheckpointStatement.Payload(4, AuditChain.FromHex((string)head["chain_hash"]!), signedAt, kid);
        var forged = new JsonObject
        {
            ["type"] = "checkpoint",
            ["checkpoint"] = new JsonObject
            {
                ["last_event_id"] = 4,
                ["chain_hash"] = (string)head["chain_hash"]!,
                ["signed_at"] = EventCanonicalForm.FormatTimestamp(signedAt),
                ["kid"] = kid,
                ["signature"] = Convert.ToBase64String(otherKey.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            },
            ["chain_verifiable"] = true,
        };
        var withForgery = string.Join('\n', lines.Take(lines.Count - 1).Select(line => line.ToJsonString()).Append(forged.ToJsonString())) + "\n";

        var (exitCode, output) = await registry.VerifyAsync(withForgery);

        Assert.Equal(1, exitCode);
        Assert.Contains("NOT VERIFIED at event 4: the signature of the checkpoint of event 4", output);
    }

    [Fact]
    public async Task The_live_store_verifies_and_a_change_in_it_is_named()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(4);
        await registry.CheckpointAsync();
        await registry.AppendAsync(2);
        await registry.CheckpointAsync();
        var keyFile = await registry.PublicKeyFileAsync();
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(keyFile));
        var keys = new Dictionary<string, ECDsa> { [CheckpointStatement.KidOf(key)] = key };

        var clean = await VerifyAuditCommand.VerifyStoreAsync(registry.App.Services, keys, []);
        await registry.TamperAsync("UPDATE audit_events SET action = 'rewritten' WHERE id = 2");
        var tampered = await VerifyAuditCommand.VerifyStoreAsync(registry.App.Services, keys, []);

        Assert.True(clean.Verified, clean.Message);
        Assert.Contains("6 events (events 1 to 6)", clean.Message);
        Assert.False(tampered.Verified);
        Assert.Equal(2, tampered.EventId);
    }

    [Fact]
    public async Task A_filtered_export_checks_each_event_and_says_the_chain_cannot_be_followed()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(2, "kind.a");
        await registry.AppendAsync(3, "kind.b");
        await registry.CheckpointAsync();

        var export = await registry.ExportAsync("?action=kind.b");
        var clean = await registry.VerifyAsync(export);
        await registry.TamperAsync("UPDATE audit_events SET actor_id = 'someone-else' WHERE id = 4");
        var tampered = await registry.VerifyAsync(await registry.ExportAsync("?action=kind.b"));

        var trailer = JsonNode.Parse(export.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.False((bool)trailer["chain_verifiable"]!);
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("3 events each match their seal", clean.Output);
        Assert.Contains("cannot show that no event is missing", clean.Output);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("NOT VERIFIED at event 4: event 4 was changed", tampered.Output);
    }

    [Fact]
    public async Task A_window_export_starts_from_the_link_before_it_and_verifies()
    {
        // The hours the clock moves below would make the sealer loop's own checkpoint due: signed between the last two
        // appends, it would be the one the export ends at, one seal short of the checkpoint this test signs.
        await using var registry = await EvidenceApp.StartAsync(store, new Dictionary<string, string?> { ["Audit:CheckpointInterval"] = "30.00:00:00" });
        await registry.AppendAsync(2);
        registry.App.Clock.Advance(TimeSpan.FromHours(1));
        var from = registry.App.Clock.GetUtcNow().AddMinutes(-1);
        await registry.AppendAsync(3);
        registry.App.Clock.Advance(TimeSpan.FromHours(1));
        var until = registry.App.Clock.GetUtcNow().AddMinutes(-1);
        await registry.AppendAsync(2);
        await registry.CheckpointAsync();

        var export = await registry.ExportAsync($"?since={Uri.EscapeDataString(from.ToString("O"))}&until={Uri.EscapeDataString(until.ToString("O"))}");
        var (exitCode, output) = await registry.VerifyAsync(export);

        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.True(exitCode == 0, output);
        Assert.Contains("3 events (events 3 to 5)", output);
        Assert.Equal(2, (long)lines[0]["after_id"]!);
        Assert.Equal(["start", "event", "event", "event", "seal", "seal", "checkpoint"], lines.Select(line => (string)line["type"]!));
    }
}

public sealed class AuditTamperingTestsOnSqlite() : AuditTamperingTests("SQLite");

public sealed class AuditTamperingTestsOnPostgres() : AuditTamperingTests("PostgreSQL");
