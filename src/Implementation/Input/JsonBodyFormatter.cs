using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Extensions.Options;

namespace TenantRegistry.Input;

/// <summary>
/// Reads request bodies only when they are what the contract declares: <c>application/json</c>, in UTF-8. The one
/// parameter taken is <c>charset</c>, and its one value is <c>utf-8</c> (any case, quoted or not), because JSON
/// between systems is UTF-8 (RFC 8259 §8.1). Anything else (another charset, another parameter, <c>text/json</c>,
/// <c>application/*+json</c>, a header that does not parse) is not read: the body binder reports an unsupported
/// content type, which is a 400 like any other bad input (and verify's <c>{"valid": false}</c>). MVC's own
/// formatter would transcode UTF-16 and fail with an exception on bytes that do not decode.
/// </summary>
internal sealed class JsonBodyFormatter(JsonOptions options, ILogger<SystemTextJsonInputFormatter> logger) : SystemTextJsonInputFormatter(options, logger), IInputFormatterExceptionPolicy
{
    private const string Json = "application/json";

    public static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && string.Equals(mediaType.MediaType, Json, StringComparison.OrdinalIgnoreCase)
        && mediaType.Parameters.All(parameter =>
            string.Equals(parameter.Name, "charset", StringComparison.OrdinalIgnoreCase)
            && string.Equals(parameter.Value?.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase))
        && mediaType.Parameters.Count <= 1;

    /// <summary>Only malformed input is a model error; a failed read (a body over the limit, a client gone) stays an exception.</summary>
    public InputFormatterExceptionPolicy ExceptionPolicy => InputFormatterExceptionPolicy.MalformedInputExceptions;

    public override bool CanRead(InputFormatterContext context) => IsUtf8Json(context.HttpContext.Request.ContentType) && base.CanRead(context);
}

/// <summary>Puts <see cref="JsonBodyFormatter"/> where MVC's JSON formatter was, so it is the only one that reads bodies.</summary>
internal sealed class JsonBodyFormatterSetup(IOptions<JsonOptions> json, ILogger<SystemTextJsonInputFormatter> logger) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        options.InputFormatters.RemoveType<SystemTextJsonInputFormatter>();
        options.InputFormatters.Insert(0, new JsonBodyFormatter(json.Value, logger));
    }
}
