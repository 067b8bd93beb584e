using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Generated;
using TenantRegistry.Store;

namespace TenantRegistry.Errors;

/// <summary>The one mapping from a refusal to its status and Error body, for controllers (and ErrorBodyWriter outside MVC).</summary>
public static class ApiErrors
{
    public static (int Status, string Code) StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => (StatusCodes.Status404NotFound, ErrorCodes.NotFound),
        RefusalKind.Conflict => (StatusCodes.Status409Conflict, ErrorCodes.Conflict),
        RefusalKind.InvalidState => (StatusCodes.Status400BadRequest, ErrorCodes.InvalidState),
        RefusalKind.InvalidInput => (StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput),
        RefusalKind.Forbidden => (StatusCodes.Status403Forbidden, ErrorCodes.Forbidden),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a refusal kind"),
    };

    public static ObjectResult ToResult(this Refusal refusal)
    {
        var (status, code) = StatusOf(refusal.Kind);
        return new ObjectResult(new Error { Error1 = code, Message = refusal.Message }) { StatusCode = status };
    }

    /// <summary>503 `unavailable`: not a refusal of the request, the store cannot serve it now (readiness).</summary>
    public static ObjectResult Unavailable(string message) =>
        new(new Error { Error1 = ErrorCodes.Unavailable, Message = message }) { StatusCode = StatusCodes.Status503ServiceUnavailable };

    /// <summary>200 with the success value as the body, or the refusal's Error body.</summary>
    public static ActionResult<TResponse> Respond<T, TResponse>(this Outcome<T> outcome, Func<T, TResponse> body) =>
        outcome.Succeeded ? body(outcome.Value) : outcome.Refusal!.ToResult();

    /// <summary>The given result for a success (201, 202, 204), or the refusal's Error body.</summary>
    public static ActionResult RespondWith<T>(this Outcome<T> outcome, Func<T, ActionResult> result) =>
        outcome.Succeeded ? result(outcome.Value) : outcome.Refusal!.ToResult();
}
