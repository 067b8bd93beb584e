using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit.Evidence;

/// <summary>
/// Issue 17: the checkpoint operations over HTTP. A checkpoint's signature checks out with nothing but the listed
/// public key and the payload docs/audit.md describes (rebuilt here by hand, not with the service's code); latest and
/// the list return what was signed; a checkpoint POST with a reused Idempotency-Key signs the head anew instead of
/// replaying the old one. Runs once per store.
/// </summary>
public abstract class AuditCheckpointContractTests(string store)
{
    [Fact]
    public async Task A_checkpoint_verifies_with_the_listed_key_and_reads_back()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        var ids = await registry.AppendAsync(2);

        var checkpoint = await registry.CheckpointAsync();
        var latest = await (await registry.Client.GetAsync("/v1/audit/checkpoints/latest")).ReadObjectAsync();
        var keys = await (await registry.Client.GetAsync("/v1/audit/signing-keys")).ReadObjectAsync();

        Assert.Equal(ids[^1], (long)checkpoint["last_event_id"]!);
        Assert.Equal(checkpoint.ToJsonString(), latest.ToJsonString());
        var key = Assert.Single(keys["items"]!.AsArray(), item => (string)item!["kid"]! == (string)checkpoint["kid"]!)!;
        Assert.Equal("ES256", (string)key["algorithm"]!);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem((string)key["pem"]!);
        Assert.True(publicKey.VerifyData(Payload(checkpoint), Convert.FromBase64String((string)checkpoint["signature"]!),
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task A_reused_idempotency_key_signs_the_head_again()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        await registry.AppendAsync(1);
        var first = await PostCheckpointAsync(registry, "checkpoint-retry");
        await registry.AppendAsync(1);

        var second = await PostCheckpointAsync(registry, "checkpoint-retry");
        var since = Uri.EscapeDataString((string)first["signed_at"]!);
        var listed = await (await registry.Client.GetAsync($"/v1/audit/checkpoints?since={since}")).ReadObjectAsync();

        Assert.Equal((long)first["last_event_id"]! + 1, (long)second["last_event_id"]!);
        Assert.Equal(
            [(long)first["last_event_id"]!, (long)second["last_event_id"]!],
            listed["items"]!.AsArray().Select(item => (long)item!["last_event_id"]!).TakeLast(2));
    }

    private static async Task<JsonObject> PostCheckpointAsync(EvidenceApp registry, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audit/checkpoints");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await registry.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        return await response.ReadObjectAsync();
    }

    // docs/audit.md "Checkpoints": RFC 8785 canonical JSON, members sorted, signed_at with six fractional digits in UTC.
    private static byte[] Payload(JsonObject checkpoint)
    {
        var signedAt = DateTimeOffset.Parse((string)checkpoint["signed_at"]!, CultureInfo.InvariantCulture)
            .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            $$"""{"chain_hash":"{{checkpoint["chain_hash"]}}","kid":"{{checkpoint["kid"]}}","last_event_id":{{checkpoint["last_event_id"]}},"signed_at":"{{signedAt}}","type":"tenant-registry.audit-checkpoint.v1"}""");
    }
}

public sealed class AuditCheckpointContractTestsOnSqlite() : AuditCheckpointContractTests("SQLite");

public sealed class AuditCheckpointContractTestsOnPostgres() : AuditCheckpointContractTests("PostgreSQL");
