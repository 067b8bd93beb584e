using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TenantRegistry.Json;

/// <summary>
/// Binds timestamp query parameters (since, until) strictly as RFC 3339. MVC's default converter would also take
/// "05/01/2024" or a time without an offset, read in the server's time zone; those are malformed input here (400).
/// </summary>
internal sealed class QueryTimestampBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None || string.IsNullOrEmpty(value.FirstValue))
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        if (Rfc3339Timestamp.TryParse(value.FirstValue, out var instant))
        {
            bindingContext.Result = ModelBindingResult.Success(instant);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "is not an RFC 3339 timestamp");
        }

        return Task.CompletedTask;
    }
}

internal sealed class QueryTimestampBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(DateTimeOffset) && context.BindingInfo.BindingSource == BindingSource.Query
            ? new QueryTimestampBinder()
            : null;
}
