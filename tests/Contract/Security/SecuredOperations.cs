using System.Text.Json.Nodes;
using Json.Pointer;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>One operation of the contract as the authorization matrix sees it: its id, roles and success status.</summary>
public sealed record SecuredOperation(string OperationId, HttpMethod Method, string PathTemplate, IReadOnlyList<string>? RequiredRoles, int? SuccessStatus);

/// <summary>
/// Reads the operations behind the global security requirement from spec/openapi.yaml. Nothing here is listed by
/// hand: an operation added to the spec is a row of the matrix on the next run.
/// </summary>
public static class SecuredOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static IReadOnlyList<SecuredOperation> All(ContractDocument document)
    {
        var operations = new List<SecuredOperation>();
        foreach (var (template, pathItem) in document.Root["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (pathItem![method] is not JsonObject operation || operation["security"] is JsonArray { Count: 0 })
                {
                    continue;
                }

                var roles = (operation["x-required-roles"] as JsonArray)?.Select(role => (string)role!).ToList();
                var success = operation["responses"]!.AsObject().Select(response => response.Key)
                    .Where(status => status.Length == 3 && status[0] == '2').Select(int.Parse).ToList();
                operations.Add(new SecuredOperation((string)operation["operationId"]!, HttpMethod.Parse(method), template, roles,
                    success.Count == 1 ? success[0] : null));
            }
        }

        return operations;
    }

    public static bool DeclaresResponse(ContractDocument document, SecuredOperation operation, string status) =>
        new SpecNode(document.Root, JsonPointer.Empty).Child("paths")!.Child(operation.PathTemplate)!
            .Child(operation.Method.Method.ToLowerInvariant())!.Child("responses")!.Child(status) is not null;
}
