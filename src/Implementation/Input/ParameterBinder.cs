using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantRegistry.Errors;
using TenantRegistry.Json;

namespace TenantRegistry.Input;

/// <summary>
/// Binds every query and path parameter by the contract's rules, for every parameter of every operation, present
/// and future. MVC's own conversion is lenient in ways the contract is not, so the rules are written down here once:
/// <list type="bullet">
/// <item>A parameter given with an empty value is given (<c>limit=</c>, <c>q=</c>): it must be valid like any other value.
/// Only a parameter that is absent takes its default.</item>
/// <item>A parameter is given once; <c>limit=5&amp;limit=6</c> is refused rather than read as either.</item>
/// <item>Strings follow <see cref="InputText"/> (no NUL) and are at most <see cref="InputText.MaxParameterLength"/> characters.</item>
/// <item>Integers are plain decimal digits with an optional leading minus (<c>-5</c>, <c>007</c>); MVC would also take
/// <c>+5</c>, <c> 5</c> or the hexadecimal <c>0x10</c>.</item>
/// <item>Uuids are 8-4-4-4-12 hex digits, the only form the contract writes; MVC would also take braces or no hyphens.</item>
/// <item>Timestamps are RFC 3339 (<see cref="Rfc3339Timestamp"/>); MVC would take "05/01/2024", read in the server's zone.</item>
/// <item>Enums are their exact wire names; MVC would take "Demo", " demo" or "1".</item>
/// </list>
/// A refused path parameter is a 404 (such a resource cannot exist), a refused query parameter a 400 naming it.
/// </summary>
internal sealed partial class ParameterBinder(Type type) : IModelBinder
{
    private static readonly Type[] Simple = [typeof(string), typeof(int), typeof(long), typeof(Guid), typeof(DateTimeOffset)];

    private readonly FrozenDictionary<string, object>? enumMembers = type.IsEnum ? ExactEnumConverterFactory.WireNames(type) : null;

    public static bool Binds(Type type) => type.IsEnum || Simple.Contains(type);

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var name = bindingContext.ModelName;
        var value = bindingContext.ValueProvider.GetValue(name);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(name, value);
        var text = value.FirstValue ?? "";
        var problem = value.Length > 1 ? $"{name} must be given once, not {value.Length} times"
            : !InputText.IsStorable(text) ? InputText.RefusalFor(name)
            : text.Length > InputText.MaxParameterLength ? WireMessages.Length(name, null, InputText.MaxParameterLength)
            : null;
        object? parsed = null;
        if (problem is null && !TryParse(text, out parsed))
        {
            // A query string decodes `+` to a space, so an offset sent as `+01:00` arrives as ` 01:00`.
            problem = type == typeof(DateTimeOffset) && text.Contains(' ', StringComparison.Ordinal)
                ? WireMessages.PlusNotEncoded(name)
                : WireMessages.MustBe(name, Expected());
        }

        if (problem is null)
        {
            bindingContext.Result = ModelBindingResult.Success(parsed);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(name, new RefusedInputException(problem), bindingContext.ModelMetadata);
        }

        return Task.CompletedTask;
    }

    private bool TryParse(string text, out object? parsed)
    {
        parsed = null;
        if (enumMembers is not null)
        {
            return enumMembers.TryGetValue(text, out parsed);
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.String:
                parsed = text;
                return true;
            case TypeCode.Int32 when PlainInteger().IsMatch(text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                parsed = whole;
                return true;
            case TypeCode.Int64 when PlainInteger().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big):
                parsed = big;
                return true;
        }

        if (type == typeof(Guid) && Guid.TryParseExact(text, "D", out var id))
        {
            parsed = id;
            return true;
        }

        if (type == typeof(DateTimeOffset) && Rfc3339Timestamp.TryParse(text, out var instant))
        {
            parsed = instant;
            return true;
        }

        return false;
    }

    private string Expected() => enumMembers is not null ? WireMessages.OneOf(enumMembers.Keys)
        : type == typeof(Guid) ? WireMessages.Uuid
        : type == typeof(DateTimeOffset) ? WireMessages.Timestamp
        : WireMessages.DecimalInteger;

    [GeneratedRegex("^-?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainInteger();
}

internal sealed class ParameterBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var source = context.BindingInfo.BindingSource;
        var type = context.Metadata.UnderlyingOrModelType;
        return (source == BindingSource.Query || source == BindingSource.Path) && ParameterBinder.Binds(type) ? new ParameterBinder(type) : null;
    }
}
