using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using TenantRegistry.Errors;
using TenantRegistry.Store;

namespace TenantRegistry.Security;

/// <summary>
/// Runs before model binding on every action: no identity, 401; none of the operation's `x-required-roles`, 403
/// (through the one refusal mapping); only `tenant-admin` among them, the request is bounded to the token's tenants
/// (<see cref="TenantBoundary"/>). Unauthenticated mode lets everything through. Every action is a contract
/// operation named by its operationId; one that is not fails rather than slipping through unchecked.
/// </summary>
internal sealed class OperationAccessFilter(OperationRoles operations, IOptions<AuthOptions> auth, Caller caller, TenantBoundary boundary) : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (!auth.Value.Authenticates)
        {
            return;
        }

        var operationId = context.ActionDescriptor.AttributeRouteInfo?.Name
            ?? throw new InvalidOperationException($"action {context.ActionDescriptor.DisplayName} has no operationId, so no roles");
        if (operations.Of(operationId) is not { } required)
        {
            return;
        }

        var identity = caller.Identity;
        if (!identity.IsAuthenticated)
        {
            context.Result = new ChallengeResult();
            return;
        }

        var granting = required.Where(identity.Roles.Contains).ToList();
        if (granting.Count == 0)
        {
            context.Result = Refusal.Forbidden(WireMessages.RoleMissing).ToResult();
        }
        else if (granting is [Roles.TenantAdmin])
        {
            boundary.RestrictTo(identity.Organizations);
        }
    }
}
