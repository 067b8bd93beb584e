using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Idempotency;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

[ApiController]
public sealed class AuditEvidenceController(AuditSealer sealer, AuditCheckpoints checkpoints, CheckpointQueries queries, AuditExport export,
    TenantBoundary boundary, IOptions<JsonOptions> json) : AuditEvidenceControllerBase
{
    public const string NdjsonContentType = "application/x-ndjson";

    private const int LinesPerFlush = 1000;

    /// <summary>
    /// A streamed export runs as long as its window takes, so no per-attempt timeout may cut it off; its store calls
    /// fail on their own when the store is away, which the error boundary answers with 503 before the first line.
    /// </summary>
    [OwnStoreResilience]
    public override async Task<ActionResult<AuditExportLine>> ExportAuditEvents(DateTimeOffset? since, DateTimeOffset? until, Guid? tenant_id,
        string? product, string? actor_id, string? action, CancellationToken cancellationToken)
    {
        // A tenant administrator exports only its own tenant's events, like it lists them.
        var exported = await boundary.ListedTenantAsync(tenant_id, cancellationToken);
        if (!exported.Succeeded)
        {
            return exported.Refusal!.ToResult();
        }

        var query = new AuditQuery(exported.Value, product, actor_id, action, since, until, AuditQuery.DefaultLimit, null);
        if (AuditQueryInput.Problem(query) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        // Lines go straight to the response as they are read: a store failure after the first byte cuts the stream
        // short (no checkpoint line), which the verifier reports; before it, the error boundary answers 503.
        await using var lines = export.LinesAsync(query, checkpoints.CreateAsync, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasFirst = await lines.MoveNextAsync();
        Response.ContentType = NdjsonContentType;
        Response.Headers.CacheControl = "no-store";
        var body = Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body);
        var written = 0;
        for (var more = hasFirst; more; more = await lines.MoveNextAsync())
        {
            JsonSerializer.Serialize(writer, lines.Current, json.Value.JsonSerializerOptions);
            await writer.FlushAsync(cancellationToken);
            writer.Reset();
            body.Write("\n"u8);
            if (++written % LinesPerFlush == 0)
            {
                await body.FlushAsync(cancellationToken);
            }
        }

        await body.FlushAsync(cancellationToken);
        return new EmptyResult();
    }

    /// <summary>
    /// A checkpoint states the head as it is now and is no unit of change, so an Idempotency-Key keeps no answer for
    /// it: a retry signs the head again rather than replaying an older one.
    /// </summary>
    [NeverReplayed(ChecksKey = true)]
    public override async Task<ActionResult<AuditCheckpoint>> CreateAuditCheckpoint(CancellationToken cancellationToken)
    {
        await sealer.RunAsync(checkpointDue: false, cancellationToken);
        var checkpoint = await checkpoints.CreateAsync(cancellationToken);
        return StatusCode(StatusCodes.Status201Created, checkpoint.ToResponse());
    }

    public override async Task<ActionResult<AuditCheckpointList>> ListAuditCheckpoints(DateTimeOffset? since, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > CheckpointQueries.MaxLimit)
        {
            return Refusal.InvalidInput($"limit must be between 1 and {CheckpointQueries.MaxLimit}").ToResult();
        }

        var found = await queries.ListAsync(since, limit ?? CheckpointQueries.DefaultLimit, cancellationToken);
        return new AuditCheckpointList { Items = found.Select(c => c.ToResponse()).ToList() };
    }

    public override async Task<ActionResult<AuditCheckpoint>> GetLatestAuditCheckpoint(CancellationToken cancellationToken) =>
        await queries.LatestAsync(cancellationToken) is { } latest
            ? latest.ToResponse()
            : Refusal.NotFound("no checkpoint has been signed yet").ToResult();

    public override async Task<ActionResult<AuditSigningKeyList>> ListAuditSigningKeys(CancellationToken cancellationToken) =>
        new AuditSigningKeyList { Items = (await queries.SigningKeysAsync(cancellationToken)).Select(k => k.ToResponse()).ToList() };
}
