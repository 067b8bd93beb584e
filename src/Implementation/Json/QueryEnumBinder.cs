using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TenantRegistry.Json;

/// <summary>
/// Binds enum query parameters (a tenant list's status and kind) by their exact wire names, as the body's enums are
/// read. MVC's default converter would also take "Demo", " demo" or "1" (a member's number).
/// </summary>
internal sealed class QueryEnumBinder(Type enumType) : IModelBinder
{
    private readonly FrozenDictionary<string, object> byWireName = enumType
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name, field => field.GetValue(null)!, StringComparer.Ordinal);

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        if (value.FirstValue is { } text && byWireName.TryGetValue(text, out var member))
        {
            bindingContext.Result = ModelBindingResult.Success(member);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, $"must be one of {string.Join(", ", byWireName.Keys)}");
        }

        return Task.CompletedTask;
    }
}

internal sealed class QueryEnumBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType.IsEnum && context.BindingInfo.BindingSource == BindingSource.Query
            ? new QueryEnumBinder(context.Metadata.UnderlyingOrModelType)
            : null;
}
