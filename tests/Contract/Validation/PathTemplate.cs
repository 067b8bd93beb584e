namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>An OpenAPI path key such as <c>/v1/tenants/{id}/activate</c>, matched one segment at a time.</summary>
public sealed class PathTemplate(string template)
{
    private readonly string[] segments = template.Split('/');

    public string Template => template;

    /// <summary>
    /// Orders matching templates so that the one with a literal at the first differing segment sorts first
    /// (<c>/v1/tenants/by-slug/{slug}</c> before <c>/v1/tenants/{id}/activate</c>), as OpenAPI requires.
    /// </summary>
    public string Specificity => string.Concat(segments.Select(segment => IsParameter(segment) ? '1' : '0'));

    public bool Matches(string[] pathSegments) =>
        pathSegments.Length == segments.Length
        && segments.Zip(pathSegments).All(pair => IsParameter(pair.First) ? pair.Second.Length > 0 : pair.First == pair.Second);

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
}
