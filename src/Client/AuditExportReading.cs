using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace TenantRegistry.Client;

/// <summary>
/// The audit export is one JSON object per line (<c>application/x-ndjson</c>), any number of lines, so
/// <c>ExportAuditEventsAsync</c> returns the open response stream and this reads it a line at a time: memory stays
/// constant however large the window.
/// </summary>
public static class AuditExportReading
{
    private static readonly JsonSerializerOptions Options = WireFormat.Configure(new JsonSerializerOptions());

    /// <summary>The export's lines in the order the service sent them: <c>start</c>, <c>event</c>/<c>seal</c> lines, then the <c>checkpoint</c>.</summary>
    /// <exception cref="TenantRegistryApiException">A line is not an <see cref="AuditExportLine"/>.</exception>
    public static async IAsyncEnumerable<AuditExportLine> ReadExportLinesAsync(this FileResponse export,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        using var reader = new StreamReader(export.Stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            if (text.Length > 0)
            {
                yield return Parse(text, export);
            }
        }
    }

    private static AuditExportLine Parse(string text, FileResponse export)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditExportLine>(text, Options)
                ?? throw new JsonException("the line is null");
        }
        catch (JsonException problem)
        {
            throw new TenantRegistryApiException($"An export line is not an AuditExportLine: {problem.Message}", export.StatusCode, text, export.Headers, problem);
        }
    }
}
