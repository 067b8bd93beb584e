using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Text;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>One request to one operation: parameter values, the body exactly as sent, and its content type.</summary>
internal sealed record HostileRequest(
    ContractOperation Operation,
    ImmutableDictionary<string, string> Path,
    ImmutableDictionary<string, string> Query,
    ImmutableDictionary<string, string> Headers,
    string? Body,
    string ContentType)
{
    private const int ExcerptLength = 300;

    public HostileRequest With(ParameterShape parameter, string value) => parameter.In switch
    {
        "path" => this with { Path = Path.SetItem(parameter.Name, value) },
        "header" => this with { Headers = Headers.SetItem(parameter.Name, value) },
        _ => this with { Query = Query.SetItem(parameter.Name, value) },
    };

    public HostileRequest WithoutQuery(string name) => this with { Query = Query.Remove(name) };

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Operation.Method, new Uri(RelativeUri(), UriKind.Relative));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        }

        // Without validation: the point is to send what a strict client would refuse to.
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public override string ToString() => Body is null
        ? $"{Operation.Method} {RelativeUri()}{HeaderText()}"
        : $"{Operation.Method} {RelativeUri()}{HeaderText()} ({ContentType}, {Encoding.UTF8.GetByteCount(Body)} bytes): {Excerpt(Body)}";

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
