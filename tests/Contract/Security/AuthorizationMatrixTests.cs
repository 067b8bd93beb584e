using System.Net.Http.Headers;
using System.Net.Http.Json;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>
/// Every operation behind the spec's security requirement × every kind of token → the status its
/// `x-required-roles` implies: 401 for anything that is not a valid token of the realm, the operation's success for
/// a role it names, 403 otherwise, and 403 for a tenant administrator of another tenant. Every answer is checked
/// against the spec. Rows come from the spec: a new operation has rows before anyone writes a line here.
/// </summary>
public abstract class AuthorizationMatrixTests<TRegistry>(TRegistry registry) where TRegistry : RegistryFixture, ISecuredRegistry
{
    private static readonly ContractDocument Contract = ContractDocument.Shared.Value;
    private readonly HttpClient admin = registry.CreateClient();
    private readonly HttpClient anonymous = registry.App.CreateDefaultClient(new ValidatingHandler());

    public static TheoryData<string, TokenKind> Cells()
    {
        var cells = new TheoryData<string, TokenKind>();
        foreach (var operation in SecuredOperations.All(Contract))
        {
            foreach (var kind in Enum.GetValues<TokenKind>())
            {
                cells.Add(operation.OperationId, kind);
            }
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_operation_answers_each_kind_of_token_as_its_required_roles_say(string operationId, TokenKind kind)
    {
        var operation = SecuredOperations.All(Contract).Single(candidate => candidate.OperationId == operationId);
        Assert.True(operation.RequiredRoles is { Count: > 0 }, $"{operationId} declares no x-required-roles in spec/openapi.yaml");
        Assert.True(MatrixRequests.ByOperation.TryGetValue(operationId, out var arrange), $"no request is arranged for {operationId}: add it to MatrixRequests");
        var request = await arrange(admin);
        var success = request.Success ?? operation.SuccessStatus;
        Assert.True(success is not null, $"{operationId} declares several 2xx responses: its MatrixRequest must name the one it expects");
        Assert.True(SecuredOperations.DeclaresResponse(Contract, operation, success.ToString()!), $"{operationId} does not declare {success}");

        using var message = new HttpRequestMessage(request.Method, request.Path) { Content = request.Body is null ? null : JsonContent.Create(request.Body) };
        if (registry.Tokens.Bearer(kind, request.TenantSlug) is { } bearer)
        {
            message.Headers.Authorization = AuthenticationHeaderValue.Parse(bearer);
        }

        using var response = await anonymous.SendAsync(message);

        var expected = request.ListsOnlyOwnTenants && kind == TokenKind.TenantAdminOfOtherTenant
            ? success.Value
            : Expected(operation.RequiredRoles, success.Value, kind);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{operationId} with {kind}: expected {expected}, got {(int)response.StatusCode} {answer}");
        if (request.ListsOnlyOwnTenants && expected == success)
        {
            Assert.Equal(kind != TokenKind.TenantAdminOfOtherTenant, answer.Contains($"\"{request.TenantSlug}\"", StringComparison.Ordinal));
        }
        else if (expected == 401)
        {
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Equal(kind != TokenKind.None, challenge.Parameter?.StartsWith("error=\"invalid_token\"", StringComparison.Ordinal) == true);
            Assert.Equal("unauthenticated", await response.ErrorCodeAsync());
        }
        else if (expected == 403)
        {
            Assert.Empty(response.Headers.WwwAuthenticate);
            Assert.Equal("forbidden", await response.ErrorCodeAsync());
        }
    }

    [Fact]
    public void Every_secured_operation_declares_its_roles_and_both_refusals()
    {
        var operations = SecuredOperations.All(Contract);

        Assert.NotEmpty(operations);
        Assert.All(operations, operation =>
        {
            Assert.True(operation.RequiredRoles is { Count: > 0 }, $"{operation.OperationId} has no x-required-roles");
            Assert.All(operation.RequiredRoles!, role => Assert.Contains(role, TenantRegistry.Security.Roles.All));
            Assert.True(SecuredOperations.DeclaresResponse(Contract, operation, "401"), $"{operation.OperationId} does not declare 401");
            Assert.True(SecuredOperations.DeclaresResponse(Contract, operation, "403"), $"{operation.OperationId} does not declare 403");
        });
    }

    private static int Expected(IReadOnlyList<string>? roles, int success, TokenKind kind) => kind switch
    {
        _ when Tokens.IsRefused(kind) => 401,
        TokenKind.Admin => roles!.Contains("admin") ? success : 403,
        TokenKind.Product => roles!.Contains("product") ? success : 403,
        TokenKind.TenantAdminOfTenant => roles!.Contains("tenant-admin") ? success : 403,
        TokenKind.TenantAdminOfOtherTenant => 403,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

public sealed class AuthorizationMatrixOnSqlite(SecuredSqliteRegistry registry)
    : AuthorizationMatrixTests<SecuredSqliteRegistry>(registry), IClassFixture<SecuredSqliteRegistry>;

public sealed class AuthorizationMatrixOnPostgres(SecuredPostgresRegistry registry)
    : AuthorizationMatrixTests<SecuredPostgresRegistry>(registry), IClassFixture<SecuredPostgresRegistry>;
