using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Generated;

namespace TenantRegistry.Errors;

/// <summary>Error bodies as action results, for controllers.</summary>
public static class ApiErrors
{
    public static ObjectResult InvalidInput(string message) => Of(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, message);

    public static ObjectResult InvalidState(string message) => Of(StatusCodes.Status400BadRequest, ErrorCodes.InvalidState, message);

    public static ObjectResult NotFound(string message) => Of(StatusCodes.Status404NotFound, ErrorCodes.NotFound, message);

    public static ObjectResult Conflict(string message) => Of(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message);

    public static ObjectResult Of(int status, string code, string message) =>
        new(new Error { Error1 = code, Message = message }) { StatusCode = status };
}
