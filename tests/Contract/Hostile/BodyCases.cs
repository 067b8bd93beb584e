namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Bodies that are wrong as a whole: unparsable, the wrong JSON type, missing, too big, not JSON at all.</summary>
internal static class BodyCases
{
    // Product rules, wire rules: request bodies over 1 MiB are refused.
    private const int SizeLimitBytes = 1024 * 1024;
    private const string PaddingProperty = "hostile_padding";
    private static readonly string[] WrongContentTypes = ["text/plain", "application/xml", "multipart/form-data; boundary=hostile"];

    public static IEnumerable<HostileCase> For(OperationShape operation)
    {
        if (operation.Body is not { } body)
        {
            yield break;
        }

        var baseline = new BaselineRequest(operation);
        HostileCase Sending(string what, Func<HostileTargets, string> text, bool oversized = false) =>
            HostileCase.Of(operation, what, targets => baseline.WithBody(targets, text(targets)), oversized);

        yield return Sending("malformed JSON", targets => baseline.Body(targets).ToJson()[..^1]);
        yield return Sending("body as array", targets => $"[{baseline.Body(targets).ToJson()}]");
        yield return Sending("body as string", _ => "\"hostile\"");
        yield return Sending("body as number", _ => "42");
        if (body.Required)
        {
            yield return Sending("empty body", _ => "");
        }

        yield return Sending("body of 1 MiB + 1 byte", targets => Oversized(baseline.Body(targets)), oversized: true);
        foreach (var contentType in WrongContentTypes)
        {
            yield return HostileCase.Of(operation, $"content type {contentType}",
                targets => baseline.Build(targets) with { ContentType = contentType });
        }
    }

    // An otherwise good body padded with an unknown property (which the rules say is ignored) to one byte over.
    private static string Oversized(JsonMembers body)
    {
        var unpadded = body.With(PaddingProperty, "\"\"").ToJson().Length;
        return body.With(PaddingProperty, $"\"{new string('x', SizeLimitBytes + 1 - unpadded)}\"").ToJson();
    }
}
