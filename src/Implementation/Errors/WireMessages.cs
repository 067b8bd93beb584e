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
    public const string NotJson = "request body must be application/json";
    public const string StoreUnavailable = "the store is unavailable; try again shortly";
    public const string StoreUnreachable = "the store is unreachable";
    public const string InternalFailure = "the server failed to handle the request";

    public static string MethodNotAllowed(string method) => $"method {method} is not allowed here";

    public const string TenantNotFound = "tenant not found";
    public const string ApiKeyNotFound = "API key not found";
    public const string ProductNotInCatalog = "product is not in the catalog";
    public const string ProductMustNotBeBlank = "product must not be blank";
    public const string ContractEndsBeforeStart = "contract_end is before contract_start";

    public const string ArchivedCannotBeActivated = "an archived tenant cannot be activated";
    public const string OnlyFrozenCanBeArchived = "only a frozen tenant can be archived; cancel it first";
    public const string TenantCannotGetKeys = "a frozen or archived tenant cannot get new keys";
    public const string TenantCannotStartTrial = "the tenant is frozen, archived or past the end of its own trial";
    public const string TrialNotOffered = "product does not offer a self-served trial";
    public const string AlreadyEntitled = "the tenant already has or had this product; there is one trial per product";

    public const string ArchivedCannotBeEntitled = "an archived tenant cannot be given products";
    public const string EntitlementChangedConcurrently = "the entitlement was created by a parallel request; send the change again";
    public const string ExpiryNotInFuture = "expires_at must be in the future";
    public const string CursorMalformed = "cursor is not a next_cursor this service gave";

    public static string ProductNotEntitled(string product) =>
        $"the tenant has no enabled, unexpired entitlement to '{product}'; grant it first (PUT /v1/entitlements/{{tenant_id}}/{product})";

    public static string SlugTaken(string slug) => $"a tenant with slug '{slug}' already exists";
}
