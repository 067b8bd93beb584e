using System.Collections.Immutable;
using System.Text;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// One request to one operation: parameter values (query pairs in order, so a name may come twice), the body as
/// text and, when it is not that text in UTF-8, as the bytes sent, and the content type exactly as written.
/// </summary>
internal sealed record HostileRequest(
    ContractOperation Operation,
    ImmutableDictionary<string, string> Path,
    ImmutableList<KeyValuePair<string, string>> Query,
    ImmutableDictionary<string, string> Headers,
    string? Body,
    string ContentType)
{
    private const int ExcerptLength = 300;

    /// <summary>The bytes sent instead of the body's UTF-8, for bodies in another charset.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>Sent with chunked transfer encoding, so the server learns the length only by reading.</summary>
    public bool Chunked { get; init; }

    public HostileRequest With(ParameterShape parameter, string value) => parameter.In switch
    {
        "path" => this with { Path = Path.SetItem(parameter.Name, value) },
        "header" => this with { Headers = Headers.SetItem(parameter.Name, value) },
        _ => WithoutQuery(parameter.Name).WithQuery(parameter.Name, value),
    };

    public HostileRequest WithQuery(string name, string value) => this with { Query = Query.Add(KeyValuePair.Create(name, value)) };

    public HostileRequest WithoutQuery(string name) => this with { Query = Query.RemoveAll(pair => pair.Key == name) };

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Operation.Method, new Uri(RelativeUri(), UriKind.Relative));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Bytes ?? Encoding.UTF8.GetBytes(Body));
            // Without validation: a content type that does not parse is one of the cases.
            message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            message.Headers.TransferEncodingChunked = Chunked;
        }

        // Without validation: the point is to send what a strict client would refuse to.
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public override string ToString() => Body is null
        ? $"{Operation.Method} {Excerpt(RelativeUri())}{HeaderText()}"
        : $"{Operation.Method} {Excerpt(RelativeUri())}{HeaderText()} ({ContentType}, {Bytes?.Length ?? Encoding.UTF8.GetByteCount(Body)} bytes{(Chunked ? ", chunked" : "")}): {Excerpt(Body)}";

    private string HeaderText() => string.Concat(Headers.Select(header => $" [{header.Key}: {Excerpt(header.Value)}]"));

    public static string Excerpt(string text) => text.Length <= ExcerptLength ? text : $"{text[..ExcerptLength]}…";

    // Values are escaped whole, so "../../etc" stays one path segment instead of being resolved away by Uri.
    private string RelativeUri()
    {
        var path = Path.Aggregate(Operation.PathTemplate, (uri, parameter) =>
            uri.Replace($"{{{parameter.Key}}}", Uri.EscapeDataString(parameter.Value), StringComparison.Ordinal));
        return Query.IsEmpty
            ? path
            : path + "?" + string.Join('&', Query.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
    }
}
