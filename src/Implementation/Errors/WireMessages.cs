namespace TenantRegistry.Errors;

/// <summary>
/// Every message text of an Error body that more than one place can give, and the limits those texts name, so a
/// limit and the text that states it cannot disagree. Texts for one field's check stay next to that check.
/// </summary>
public static class WireMessages
{
    /// <summary>Kestrel's limit, the in-memory host's limit and the 413 text all come from here.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static readonly string BodyTooLarge = $"request body is larger than {MaxRequestBodyBytes / (1024 * 1024)} MiB";

    public const string UnreadableRequest = "the request could not be read";
    public const string InvalidRequest = "the request is not valid";
    public const string NoSuchResource = "no such resource";
    public const string NotJson = "request body must be application/json, in UTF-8 (no parameter other than charset=utf-8)";
    public const string StoreUnavailable = "the store is unavailable; try again shortly";
    public const string StoreUnreachable = "the store is unreachable";

    /// <summary>Readiness while verify's cache is still being loaded at start (issue 20): exactly this word.</summary>
    public const string Warming = "warming";

    /// <summary>Readiness from SIGTERM on, while the instance drains (issue 19): exactly this word.</summary>
    public const string Draining = "draining";

    public const string InternalFailure = "the server failed to handle the request";

    public const string InvalidIdempotencyKey = "Idempotency-Key must be one value of 1 to 255 printable ASCII characters";
    public const string IdempotencyKeyInFlight = "a request with this Idempotency-Key is still being processed; retry shortly";
    public const string IdempotencyKeyReused = "this Idempotency-Key was used for a different request";

    public static string MethodNotAllowed(string method, string allowed) =>
        allowed.Length == 0 ? $"method {method} is not allowed here" : $"method {method} is not allowed here; allowed: {allowed}";

    public const string TenantNotFound = "tenant not found";
    public const string ApiKeyNotFound = "API key not found";
    public const string ProductNotInCatalog = "product is not in the catalog";
    public const string ProductMustNotBeBlank = "product must not be blank";
    public const string ContractEndsBeforeStart = "contract_end is before contract_start";

    public const string ArchivedCannotBeActivated = "an archived tenant cannot be activated";
    public const string OnlyFrozenCanBeArchived = "only a frozen tenant can be archived; cancel it first";
    public const string KeyCannotBeRotated = "a revoked or expired key cannot be rotated";
    public const string KeyExpiryInThePast = "expires_at must be in the future";
    public const string KeyExpiryTooFar = "expires_at must be at most 2 years (730 days) ahead";

    public static string TenantCannotGetKeys(Tenants.ShutOffReason why) => $"the tenant cannot get new keys: {Explain(why)}";

    public static string TenantCannotStartTrial(Tenants.ShutOffReason why) => $"the tenant cannot start a trial: {Explain(why)}";

    private static string Explain(Tenants.ShutOffReason why) => why switch
    {
        Tenants.ShutOffReason.Frozen => "it is frozen; activate it first",
        Tenants.ShutOffReason.Archived => "it is archived, which is final",
        Tenants.ShutOffReason.TrialEnded => "its trial has ended (it is frozen at the next sweep); activate it first",
        Tenants.ShutOffReason.CancellationDue => "its scheduled cancellation has taken effect (it is frozen at the next sweep); activate it to take the cancellation back",
        _ => throw new ArgumentOutOfRangeException(nameof(why), why, "not a reason"),
    };
    public const string TrialNotOffered = "product does not offer a self-served trial";
    public const string AlreadyEntitled = "the tenant already has or had this product; there is one trial per product";

    public const string TokenRequired = "this operation needs a bearer token (a Keycloak access token for the tenant-registry client)";
    public const string TokenInvalid = "the bearer token is not valid";
    public const string RoleMissing = "the token carries no role this operation accepts";
    public const string OutsideTokenTenants = "the token does not name this tenant";
    public const string TenantIdRequiredForSeveralTenants = "tenant_id is required: the token names several tenants";

    public static string ReservedAuditNamespace(string reserved) => $"actions in the registry's own namespace '{reserved}' are written only by the registry";

    public const string ArchivedCannotBeEntitled = "an archived tenant cannot be given products";
    public const string EntitlementChangedConcurrently = "the entitlement was created by a parallel request; send the change again";
    public const string ExpiryNotInFuture = "expires_at must be in the future";
    public const string CursorMalformed = "cursor is not a next_cursor this service gave";

    public static string ProductNotEntitled(string product) =>
        $"the tenant has no enabled, unexpired entitlement to '{product}'; grant it first (PUT /v1/entitlements/{{tenant_id}}/{product})";

    public static string SlugTaken(string slug) => $"a tenant with slug '{slug}' already exists";

    // Validation of request fields: each names the field (in wire terms) and what is allowed.
    public const string BodyRequired = "a JSON request body is required";
    public const string BodyNotJson = "request body is not valid JSON";
    public const string BodyNotUtf8 = "request body is not valid UTF-8, the only charset the service reads";

    public static string MissingProperty(string names) => $"missing required property {names}";

    /// <summary>Only for a failure no rule below recognises; the hostile suite fails a field case that gets it.</summary>
    public static string Malformed(string field) => $"{field} is missing, malformed or of the wrong type";

    public static string Between(string field, string min, string max) => $"{field} must be a whole number from {min} to {max}";

    public static string Required(string field) => $"{field} is required and must not be blank";

    public static string MustMatch(string field, string pattern) => field == "slug"
        ? $"slug must match {pattern}: 3 to 40 lower-case letters, digits and hyphens, starting and ending with a letter or digit"
        : $"{field} must match {pattern}";

    public static string Length(string field, int? minimum, int maximum) => minimum is > 0
        ? $"{field} must be {minimum} to {maximum} characters long"
        : $"{field} must be at most {maximum} characters long";

    public static string MustBe(string field, string expected) => $"{field} must be {expected}";

    public static string TooDeep(string field) => $"{field} is nested too deeply: JSON bodies may nest at most 64 levels";

    public static string OneOf(IEnumerable<string> values) => "one of " + string.Join(", ", values);

    public const string Uuid = "a uuid (like 3f1c2a9e-5b7d-4e21-9c0a-6d8e2f4b1a77)";
    public const string Date = "a date (YYYY-MM-DD)";
    public const string Timestamp = "an RFC 3339 timestamp (like 2026-01-31T09:30:00Z)";
    public const string Boolean = "true or false";
    public const string WholeNumber = "a whole number";
    public const string DecimalInteger = "a whole number in plain decimal digits, like 50 (a leading minus is the only sign; no spaces, exponent or hex)";
    public const string Text = "a string";
    public const string ListOfText = "an array of strings";
    public const string JsonObject = "a JSON object";

    /// <summary>A query string decodes `+` to a space, so an offset sent as `+01:00` arrives as ` 01:00`.</summary>
    public static string PlusNotEncoded(string field) =>
        $"{field} must be {Timestamp}; a '+' in a query string must be sent as %2B ({field}=2026-01-31T10:30:00%2B01:00)";
}
