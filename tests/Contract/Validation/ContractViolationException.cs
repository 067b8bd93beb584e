namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>A response broke the contract; the message carries enough of the exchange to debug it from a test log.</summary>
public sealed class ContractViolationException(
    HttpMethod method, string path, int status, IReadOnlyList<string> violations, string body)
    : Exception(Describe(method, path, status, violations, body))
{
    private const int BodyExcerptLength = 2000;

    public HttpMethod Method { get; } = method;

    public string Path { get; } = path;

    public int Status { get; } = status;

    public IReadOnlyList<string> Violations { get; } = violations;

    public string Body { get; } = body;

    private static string Describe(HttpMethod method, string path, int status, IReadOnlyList<string> violations, string body)
    {
        var excerpt = body.Length <= BodyExcerptLength
            ? body
            : $"{body[..BodyExcerptLength]}… ({body.Length - BodyExcerptLength} more characters)";
        return $"""
            {method} {path} answered {status}, which breaks the contract:
              - {string.Join($"{Environment.NewLine}  - ", violations)}
            body: {excerpt}
            """;
    }
}
