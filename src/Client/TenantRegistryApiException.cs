using System.Globalization;
using System.Text.Json;

namespace TenantRegistry.Client;

/// <summary>
/// Every failed call: an error status from the service (with its <c>{"error", "message"}</c> body read into
/// <see cref="ErrorCode"/> and <see cref="ErrorMessage"/>), or a response the SDK could not read. The
/// <see cref="Exception.Message"/> carries the server's code and text, e.g.
/// <c>conflict: slug 'acme' is already taken (HTTP 409)</c>.
/// </summary>
public class TenantRegistryApiException : Exception
{
    /// <summary>Called by the generated clients.</summary>
    public TenantRegistryApiException(string message, int statusCode, string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : this(ServerError.Read(response), message, statusCode, response, headers, innerException)
    {
    }

    private protected TenantRegistryApiException(ServerError? error, string description, int statusCode, string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : base(Describe(error, description, statusCode), innerException)
    {
        StatusCode = statusCode;
        ErrorCode = error?.Code;
        ErrorMessage = error?.Message;
        RetryAfter = ReadRetryAfter(headers);
        Response = response;
        Headers = headers;
    }

    /// <summary>The HTTP status code of the response.</summary>
    public int StatusCode { get; }

    /// <summary>The service's error code (<c>invalid_input</c>, <c>not_found</c>, <c>conflict</c>,
    /// <c>rate_limited</c>, <c>unavailable</c>, ...); null when the response had no Error body.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's explanation for people; null when the response had no Error body.</summary>
    public string? ErrorMessage { get; }

    /// <summary>How long the service asked the caller to wait (the <c>Retry-After</c> header), if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The response body as received.</summary>
    public string? Response { get; }

    /// <summary>The response headers.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    private static string Describe(ServerError? error, string description, int statusCode) => error switch
    {
        { Message: { Length: > 0 } message } => $"{error.Code}: {message} (HTTP {statusCode})",
        not null => $"{error.Code} (HTTP {statusCode})",
        null => $"{description} (HTTP {statusCode})",
    };

    // Retry-After is either delay-seconds or an HTTP-date (RFC 9110, 10.2.3).
    private static TimeSpan? ReadRetryAfter(IReadOnlyDictionary<string, IEnumerable<string>> headers)
    {
        var value = headers
            .FirstOrDefault(header => string.Equals(header.Key, "Retry-After", StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault()?.Trim();
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Max(0, (at - DateTimeOffset.UtcNow).Ticks))
            : null;
    }

    private protected sealed record ServerError(string Code, string? Message)
    {
        // A typed error response is read from its stream, so there is no body text; its DTO has the same fields.
        public static ServerError? From(object? result) =>
            result is ApiError { Error: { } code } error ? new ServerError(code, error.Message) : null;

        // Any {"error": "..."} body counts, whether or not the spec declared it for this status: a 503 or 429 from
        // a proxy-free service carries one too.
        public static ServerError? Read(string? body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                return root.ValueKind == JsonValueKind.Object
                    && root.TryGetProperty("error", out var code) && code.ValueKind == JsonValueKind.String
                    ? new ServerError(code.GetString()!, root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null)
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}

/// <summary>A failed call whose error body the SDK also read into the generated type of that response.</summary>
/// <typeparam name="TResult">The response type the spec declares for that status, usually <see cref="ApiError"/>.</typeparam>
public class TenantRegistryApiException<TResult> : TenantRegistryApiException
{
    /// <summary>Called by the generated clients.</summary>
    public TenantRegistryApiException(string message, int statusCode, string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result, Exception? innerException)
        : base(ServerError.From(result) ?? ServerError.Read(response), message, statusCode, response, headers, innerException)
    {
        Result = result;
    }

    /// <summary>The response body as the declared type.</summary>
    public TResult Result { get; }
}
