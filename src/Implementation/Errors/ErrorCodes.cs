namespace TenantRegistry.Errors;

/// <summary>The values of the Error body's `error` field (product rules, "Wire rules").</summary>
public static class ErrorCodes
{
    public const string InvalidInput = "invalid_input";
    public const string InvalidState = "invalid_state";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string RateLimited = "rate_limited";
    public const string IdempotencyInFlight = "idempotency_in_flight";
    public const string IdempotencyMismatch = "idempotency_mismatch";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";
}
