using System.Text;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Bodies that are wrong as a whole: unparsable, the wrong JSON type, missing, too big, not JSON, not UTF-8.</summary>
internal static class BodyCases
{
    // Product rules, wire rules: request bodies over 1 MiB are refused.
    private const int SizeLimitBytes = 1024 * 1024;
    private const string PaddingProperty = "hostile_padding";

    // Under the 16 MiB the service reads and discards before its 413 (docs/behaviour.md, "Input rules").
    private const int StillReadBytes = 8 * 1024 * 1024;

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "multipart/form-data; boundary=hostile",
        // Issue 16, class 2: JSON by another name, parameters the service does not take, headers that do not parse.
        "text/json", "application/problem+json", "application/json; foo=bar", "application/json; charset=utf-8; foo=bar",
        "application/json; charset", "application/json;", "application/json, text/plain",
    ];

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
        yield return HostileCase.Of(operation, "body of 1 MiB + 1 byte, chunked",
            targets => baseline.WithBody(targets, Oversized(baseline.Body(targets))) with { Chunked = true }, oversizedBody: true);
        // Issue 16, class 6: far more than socket buffers hold, so a server that answers without reading the rest and
        // then closes leaves the client with a reset connection instead of the 413.
        yield return Sending($"body of {StillReadBytes / (1024 * 1024)} MiB", targets => Oversized(baseline.Body(targets), StillReadBytes), oversized: true);
        foreach (var contentType in WrongContentTypes)
        {
            yield return HostileCase.Of(operation, $"content type {contentType}",
                targets => baseline.Build(targets) with { ContentType = contentType });
        }

        foreach (var hostile in CharsetCases(operation, baseline))
        {
            yield return hostile;
        }
    }

    /// <summary>
    /// Issue 16, class 2: the service reads JSON in UTF-8 only (docs/behaviour.md, "Input rules"). A body in another
    /// charset is refused whether its bytes decode in that charset or not; UTF-8 declared in any spelling is read.
    /// </summary>
    private static IEnumerable<HostileCase> CharsetCases(OperationShape operation, BaselineRequest baseline)
    {
        // A string with a character that UTF-8 and Latin-1 write differently, in an unknown (ignored) property.
        string WithAccent(HostileTargets targets) => baseline.Body(targets).With(PaddingProperty, "\"caf\u00e9\"").ToJson();
        HostileCase Encoded(string what, string contentType, Func<string, byte[]> encode) => HostileCase.Of(operation, what, targets =>
        {
            var text = WithAccent(targets);
            return baseline.WithBody(targets, text) with { ContentType = contentType, Bytes = encode(text) };
        });

        yield return Encoded("UTF-16 body declared as charset=utf-16", "application/json; charset=utf-16", Encoding.Unicode.GetBytes);
        yield return Encoded("bytes that do not decode, declared as charset=utf-16", "application/json; charset=utf-16",
            text => [.. Encoding.Unicode.GetBytes(text[..^2]), 0x00, 0xD8, .. Encoding.Unicode.GetBytes(text[^2..])]);
        yield return Encoded("Latin-1 body declared as charset=iso-8859-1", "application/json; charset=iso-8859-1", Encoding.Latin1.GetBytes);
        yield return Encoded("Latin-1 body declared as application/json", "application/json", Encoding.Latin1.GetBytes);
        yield return HostileCase.Ignored(operation, "content type Application/JSON; Charset=\"UTF-8\" is read as JSON",
            targets => baseline.Build(targets) with { ContentType = "Application/JSON; Charset=\"UTF-8\"" });
    }

    // An otherwise good body padded with an unknown property (which the rules say is ignored) to one byte over.
    private static string Oversized(JsonMembers body, int bytes = SizeLimitBytes + 1)
    {
        var unpadded = body.With(PaddingProperty, "\"\"").ToJson().Length;
        return body.With(PaddingProperty, $"\"{new string('x', bytes - unpadded)}\"").ToJson();
    }
}
