namespace TenantRegistry.Input;

/// <summary>
/// The one rule every string the service takes meets, wherever it comes from (a body property, a path segment, a
/// query parameter), decided once so that both stores answer alike: PostgreSQL's text cannot hold NUL (U+0000), so
/// neither store takes it. Every other Unicode character is text like any other; invalid UTF-16 never gets this far
/// (the JSON reader refuses an unpaired surrogate escape, and undecodable URI bytes decode to U+FFFD).
/// </summary>
public static class InputText
{
    /// <summary>What the refusal says after the field's name; InvalidInputResponse recognises it.</summary>
    public const string NulRefused = "must not contain NUL (\\u0000) characters";

    /// <summary>
    /// The longest value a query or path parameter without a tighter bound of its own may have: longer than any
    /// string the service stores (1,024 characters), short enough that no request line nears Kestrel's limit.
    /// </summary>
    public const int MaxParameterLength = 4096;

    public static bool IsStorable(string text) => !text.Contains('\0', StringComparison.Ordinal);

    public static string RefusalFor(string field) => $"{field} {NulRefused}";
}
