using System.Net.Http.Headers;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Extensions.Options;
using TenantRegistry.Errors;

namespace TenantRegistry.Input;

/// <summary>
/// Reads request bodies only when they are what the contract declares: <c>application/json</c>, in UTF-8. The one
/// parameter taken is <c>charset</c>, and its one value is <c>utf-8</c> (any case, quoted or not), because JSON
/// between systems is UTF-8 (RFC 8259 §8.1). Anything else (another charset, another parameter, <c>text/json</c>,
/// <c>application/*+json</c>, a header that does not parse) is not read: the body binder reports an unsupported
/// content type, which is a 400 like any other bad input (and verify's <c>{"valid": false}</c>). MVC's own
/// formatter would transcode UTF-16 and fail with an exception on bytes that do not decode.
/// </summary>
internal sealed class JsonBodyFormatter : TextInputFormatter, IInputFormatterExceptionPolicy
{
    private const string Json = "application/json";

    // MVC's reader does the reading (and names the JSON path of what it could not read); this decides what it gets.
    private readonly SystemTextJsonInputFormatter reader;

    public JsonBodyFormatter(JsonOptions options, ILogger<SystemTextJsonInputFormatter> logger)
    {
        reader = new SystemTextJsonInputFormatter(options, logger);
        SupportedMediaTypes.Add(Json);
        SupportedEncodings.Add(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
    }

    public static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && string.Equals(mediaType.MediaType, Json, StringComparison.OrdinalIgnoreCase)
        && mediaType.Parameters.Count switch
        {
            0 => true,
            1 => mediaType.Parameters.Single() is var parameter
                && string.Equals(parameter.Name, "charset", StringComparison.OrdinalIgnoreCase)
                && string.Equals(parameter.Value?.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    /// <summary>Only malformed input is a model error; a failed read (a body over the limit, a client gone) stays an exception.</summary>
    public InputFormatterExceptionPolicy ExceptionPolicy => InputFormatterExceptionPolicy.MalformedInputExceptions;

    public override bool CanRead(InputFormatterContext context) => IsUtf8Json(context.HttpContext.Request.ContentType);

    /// <summary>
    /// The JSON reader checks UTF-8 only where it decodes a string, so bytes that are not UTF-8 in a property it
    /// skips (an unknown one, which the rules ignore) would pass. The whole body is checked first; it is at most
    /// 1 MiB (RequestBodyLimit), read once, and handed to the reader from memory.
    /// </summary>
    public override async Task<InputFormatterResult> ReadRequestBodyAsync(InputFormatterContext context, Encoding encoding)
    {
        var request = context.HttpContext.Request;
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.HttpContext.RequestAborted);
        if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            context.ModelState.TryAddModelError(context.ModelName, new RefusedInputException(WireMessages.BodyNotUtf8), context.Metadata);
            return await InputFormatterResult.FailureAsync();
        }

        body.Position = 0;
        request.Body = body;
        return await reader.ReadRequestBodyAsync(context, encoding);
    }
}

/// <summary>Puts <see cref="JsonBodyFormatter"/> in place of MVC's JSON formatter, so it is the only one that reads bodies.</summary>
internal sealed class JsonBodyFormatterSetup(IOptions<JsonOptions> json, ILogger<SystemTextJsonInputFormatter> logger) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        options.InputFormatters.RemoveType<SystemTextJsonInputFormatter>();
        options.InputFormatters.Insert(0, new JsonBodyFormatter(json.Value, logger));
    }
}
