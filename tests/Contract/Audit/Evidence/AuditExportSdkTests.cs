using TenantRegistry.Client;

namespace TenantRegistry.Contract.Tests.Audit.Evidence;

/// <summary>
/// Issue 17 with the SDK: the export is NDJSON, so the SDK hands back the open stream and ReadExportLinesAsync reads
/// it line by line into AuditExportLine objects, in the order the service wrote them. Runs once per store.
/// </summary>
public abstract class AuditExportSdkTests(string store)
{
    [Fact]
    public async Task The_sdk_reads_an_export_line_by_line()
    {
        await using var registry = await EvidenceApp.StartAsync(store);
        var ids = await registry.AppendAsync(3);
        await registry.CheckpointAsync();
        var sdk = new TenantRegistryClient(registry.Client);

        using var export = await sdk.AuditEvidence.ExportAuditEventsAsync();
        var lines = new List<AuditExportLine>();
        await foreach (var line in export.ReadExportLinesAsync())
        {
            lines.Add(line);
        }

        Assert.Equal(
            [AuditExportLineType.Start, AuditExportLineType.Event, AuditExportLineType.Event, AuditExportLineType.Event, AuditExportLineType.Checkpoint],
            lines.Select(line => line.Type));
        Assert.Equal(0, lines[0].AfterId);
        Assert.Equal(ids, lines[1..4].Select(line => line.Event!.Id));
        Assert.All(lines[1..4], line => Assert.Equal(line.Event!.Id, line.Id));
        Assert.Equal(ids[^1], lines[^1].Checkpoint!.LastEventId);
        Assert.Equal(lines[3].Seal!.ChainHash, lines[^1].Checkpoint!.ChainHash);
        Assert.True(lines[^1].ChainVerifiable);
    }
}

public sealed class AuditExportSdkTestsOnSqlite() : AuditExportSdkTests("SQLite");

public sealed class AuditExportSdkTestsOnPostgres() : AuditExportSdkTests("PostgreSQL");
