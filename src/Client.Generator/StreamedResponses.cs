using NJsonSchema;
using NSwag;

namespace TenantRegistry.Client.Generator;

/// <summary>
/// A response of one JSON object per line (`application/x-ndjson`, the audit export) is a stream, not one JSON value:
/// NSwag would read it whole as a single object of the line's schema and fail at the second line. Its schema is
/// therefore given to the generator as binary, so the method returns the open response stream (FileResponse), and
/// the SDK's NdjsonLines reads it line by line in constant memory. The line's schema still becomes its DTO, as every
/// component schema does.
/// </summary>
internal static class StreamedResponses
{
    public const string Ndjson = "application/x-ndjson";

    public static void AsStreams(OpenApiDocument document)
    {
        var streamed = document.Operations
            .SelectMany(operation => operation.Operation.Responses.Values)
            .Select(response => response.ActualResponse)
            .Where(response => response.Content.Keys.SequenceEqual([Ndjson]));
        foreach (var response in streamed)
        {
            response.Content[Ndjson].Schema = new JsonSchema { Type = JsonObjectType.String, Format = JsonFormatStrings.Binary };
        }
    }
}
