using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace TenantRegistry.Input;

/// <summary>
/// The query string as MVC's binders see it, with names matched exactly as the spec spells them. ASP.NET Core's own
/// query collection ignores case, so <c>TENANT_ID=</c> would be taken as <c>tenant_id</c>; here it is a parameter
/// the operation does not have, ignored like any unknown one (and a required parameter is then missing: 400).
/// </summary>
internal sealed class ExactQueryValueProvider(Dictionary<string, StringValues> values) : BindingSourceValueProvider(BindingSource.Query)
{
    public static ExactQueryValueProvider Parse(string queryString)
    {
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var pair in new QueryStringEnumerable(queryString))
        {
            var name = pair.DecodeName().ToString();
            values[name] = StringValues.Concat(values.GetValueOrDefault(name), pair.DecodeValue().ToString());
        }

        return new ExactQueryValueProvider(values);
    }

    public override bool ContainsPrefix(string prefix) => prefix.Length == 0 ? values.Count > 0 : values.ContainsKey(prefix);

    public override ValueProviderResult GetValue(string key) =>
        values.TryGetValue(key, out var value) ? new ValueProviderResult(value, CultureInfo.InvariantCulture) : ValueProviderResult.None;
}

internal sealed class ExactQueryValueProviderFactory : IValueProviderFactory
{
    public Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var query = context.ActionContext.HttpContext.Request.QueryString;
        if (query.HasValue)
        {
            context.ValueProviders.Add(ExactQueryValueProvider.Parse(query.Value!));
        }

        return Task.CompletedTask;
    }
}
