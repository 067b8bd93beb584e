using Microsoft.Extensions.Options;

namespace TenantRegistry.Catalog;

/// <summary>
/// Refuses a catalog the service could not serve consistently, so a bad edit stops the start instead of
/// surfacing later as a confusing answer.
/// </summary>
internal sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var problems = options.Products.SelectMany((product, index) => Problems(product, $"Catalog:Products:{index}")).ToList();

        // Keys differing only in case would read as the same product to people, though requests match them exactly.
        problems.AddRange(options.Products
            .Where(product => !string.IsNullOrWhiteSpace(product.Key))
            .GroupBy(product => product.Key, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .Select(group => $"Catalog:Products: the key '{group.Key}' is used {group.Count()} times; keys must be unique"));

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static IEnumerable<string> Problems(CatalogProduct product, string path)
    {
        if (string.IsNullOrWhiteSpace(product.Key))
        {
            yield return $"{path}:Key must not be empty";
        }
        else if (product.Key.Trim() != product.Key)
        {
            yield return $"{path}:Key must not start or end with white space";
        }

        if (string.IsNullOrWhiteSpace(product.Name))
        {
            yield return $"{path}:Name must not be empty";
        }

        if (product.PlansRequired.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{path}:PlansRequired must not contain empty plan names";
        }

        if (product.DemoUrl is { Length: > 0 } demoUrl
            && !(Uri.TryCreate(demoUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            yield return $"{path}:DemoUrl must be an absolute http or https URL";
        }
    }
}
