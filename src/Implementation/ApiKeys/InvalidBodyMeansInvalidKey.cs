using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Verify never answers 400: a body that cannot be read is simply not a valid key. Runs before the
/// [ApiController] model-state filter (order -2000) and answers <c>{"valid": false}</c> instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class InvalidBodyMeansInvalidKeyAttribute : Attribute, IActionFilter, IOrderedFilter
{
    public int Order => -3000;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (!context.ModelState.IsValid)
        {
            context.Result = new OkObjectResult(context.HttpContext.RequestServices.GetRequiredService<ApiKeyVerifier>().RefuseUnreadableBody());
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
