namespace TenantRegistry.Store;

/// <summary>Why a store operation did not do what was asked; <c>Errors/ApiErrors</c> maps each kind to the Error body.</summary>
public enum RefusalKind
{
    NotFound,
    Conflict,
    InvalidState,
    InvalidInput,

    /// <summary>The caller may not do this (Security/): its token lacks the role or names other tenants.</summary>
    Forbidden,
}

/// <summary>A refusal and its message in wire terms (the texts live in <c>Errors/WireMessages</c>).</summary>
public sealed record Refusal(RefusalKind Kind, string Message)
{
    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Conflict(string message) => new(RefusalKind.Conflict, message);

    public static Refusal InvalidState(string message) => new(RefusalKind.InvalidState, message);

    public static Refusal InvalidInput(string message) => new(RefusalKind.InvalidInput, message);

    public static Refusal Forbidden(string message) => new(RefusalKind.Forbidden, message);
}

/// <summary>
/// What every store operation returns: the value it produced, or the refusal that explains why there is none.
/// Either converts implicitly, so an operation says <c>return tenant;</c> or <c>return Refusal.NotFound(...)</c>.
/// </summary>
public readonly struct Outcome<T>
{
    private readonly T? value;

    private Outcome(T? value, Refusal? refusal)
    {
        this.value = value;
        Refusal = refusal;
    }

    /// <summary>Null when the operation succeeded.</summary>
    public Refusal? Refusal { get; }

    public bool Succeeded => Refusal is null;

    /// <summary>The value of a successful operation; reading it from a refusal is a bug.</summary>
    public T Value => Succeeded ? value! : throw new InvalidOperationException($"the operation was refused: {Refusal!.Message}");

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}
