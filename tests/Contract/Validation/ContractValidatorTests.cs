using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Validation;

public sealed class ContractValidatorTests
{
    private const string Json = "application/json; charset=utf-8";
    private const string TenantPath = "/v1/tenants/3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c";
    private const string ErrorBody = """{"error":"unavailable","message":"store down"}""";

    private readonly ContractValidator validator = new(ContractDocument.Shared.Value);

    [Fact]
    public void ValidTenantPasses() =>
        Assert.Empty(validator.Check(HttpMethod.Get, TenantPath, 200, Json, Tenant().ToJsonString()));

    [Fact]
    public void NullInNullableStringFails()
    {
        var tenant = Tenant();
        tenant["trial_ends_at"] = null;

        var violations = validator.Check(HttpMethod.Get, TenantPath, 200, Json, tenant.ToJsonString());

        Assert.Contains(violations, v => v.Contains("/trial_ends_at") && v.Contains("\"null\""));
    }

    [Fact]
    public void MissingRequiredIdFails()
    {
        var tenant = Tenant();
        tenant.Remove("id");

        var violations = validator.Check(HttpMethod.Get, TenantPath, 200, Json, tenant.ToJsonString());

        Assert.Contains(violations, v => v.Contains("required") && v.Contains("[\"id\"]"));
    }

    [Fact]
    public void EnumValueInWrongCaseFails()
    {
        var tenant = Tenant();
        tenant["status"] = "Active";

        var violations = validator.Check(HttpMethod.Get, TenantPath, 200, Json, tenant.ToJsonString());

        Assert.Contains(violations, v => v.Contains("/status") && v.Contains("enum"));
    }

    [Fact]
    public void NonUuidIdFails()
    {
        var tenant = Tenant();
        tenant["id"] = "tenant-1";

        var violations = validator.Check(HttpMethod.Get, TenantPath, 200, Json, tenant.ToJsonString());

        Assert.Contains(violations, v => v.Contains("/id") && v.Contains("uuid"));
    }

    [Fact]
    public void InvalidDateFails()
    {
        var tenant = Tenant();
        tenant["contract_start"] = "2025-02-30";

        var violations = validator.Check(HttpMethod.Get, TenantPath, 200, Json, tenant.ToJsonString());

        Assert.Contains(violations, v => v.Contains("/contract_start") && v.Contains("date"));
    }

    [Fact]
    public void WrongContentTypeFails()
    {
        var violations = validator.Check(HttpMethod.Get, TenantPath, 200, "application/problem+json", Tenant().ToJsonString());

        Assert.Contains(violations, v => v.Contains("content type") && v.Contains("application/problem+json"));
    }

    [Fact]
    public void BodyThatIsNotJsonFails() =>
        Assert.Contains(validator.Check(HttpMethod.Get, TenantPath, 200, Json, "<html/>"), v => v.StartsWith("body is not JSON"));

    [Fact]
    public void ServerErrorFailsEvenWithValidErrorBody()
    {
        var violations = validator.Check(HttpMethod.Get, TenantPath, 500, Json, """{"error":"internal"}""");

        Assert.Contains(violations, v => v.Contains("500") && v.Contains("5xx never passes"));
    }

    [Fact]
    public void UndeclaredStatusFails() =>
        Assert.Contains(validator.Check(HttpMethod.Get, TenantPath, 418, Json, ErrorBody), v => v.Contains("status 418 is not declared"));

    [Fact]
    public void ServiceUnavailablePassesOnlyWhenAccepted()
    {
        Assert.Contains(validator.Check(HttpMethod.Get, TenantPath, 503, Json, ErrorBody), v => v.Contains("503"));
        Assert.Empty(validator.Check(HttpMethod.Get, TenantPath, 503, Json, ErrorBody, acceptUnavailable: true));
    }

    [Fact]
    public void AcceptedUnavailableStillNeedsAnErrorBody()
    {
        var violations = validator.Check(HttpMethod.Get, TenantPath, 503, Json, """{"message":"down"}""", acceptUnavailable: true);

        Assert.Contains(violations, v => v.Contains("[\"error\"]"));
    }

    [Fact]
    public void DeclaredErrorResponseMustBeAnErrorBody()
    {
        var violations = validator.Check(HttpMethod.Get, TenantPath, 404, Json, """{"error":404}""");

        Assert.Contains(violations, v => v.Contains("/error") && v.Contains("string"));
    }

    [Fact]
    public void ExplicitServiceUnavailableOnReadinessPasses() =>
        Assert.Empty(validator.Check(HttpMethod.Get, "/readyz", 503, Json, ErrorBody));

    [Fact]
    public void AcceptedWithoutBodyPasses() =>
        Assert.Empty(validator.Check(HttpMethod.Post, "/v1/catalog/request", 202, null, ""));

    [Fact]
    public void AcceptedWithBodyFails()
    {
        var violations = validator.Check(HttpMethod.Post, "/v1/catalog/request", 202, Json, """{"status":"ok"}""");

        Assert.Contains(violations, v => v.Contains("declares no content"));
    }

    [Fact]
    public void NoContentOnRevokePasses() =>
        Assert.Empty(validator.Check(HttpMethod.Delete, "/v1/api-keys/3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c", 204, null, ""));

    [Fact]
    public void AuditEventPasses() =>
        Assert.Empty(validator.Check(HttpMethod.Post, "/v1/audit", 201, Json, AuditEvent().ToJsonString()));

    [Fact]
    public void AuditEventWithStringIdFails()
    {
        var audit = AuditEvent();
        audit["id"] = "42";

        var violations = validator.Check(HttpMethod.Post, "/v1/audit", 201, Json, audit.ToJsonString());

        Assert.Contains(violations, v => v.Contains("/id") && v.Contains("integer"));
    }

    [Fact]
    public void AuditEventWithIdBeyondInt64Fails()
    {
        var audit = AuditEvent();
        audit["id"] = 1e30;

        var violations = validator.Check(HttpMethod.Post, "/v1/audit", 201, Json, audit.ToJsonString());

        Assert.Contains(violations, v => v.Contains("/id") && v.Contains("int64"));
    }

    [Fact]
    public void UnknownPathWithNotFoundErrorPasses() =>
        Assert.Empty(validator.Check(HttpMethod.Get, "/v1/nope", 404, Json, """{"error":"not_found"}"""));

    [Fact]
    public void UnknownPathWithSuccessFails()
    {
        var violations = validator.Check(HttpMethod.Get, "/v1/nope", 200, Json, """{"error":"not_found"}""");

        Assert.Contains(violations, v => v.Contains("/v1/nope is not in the contract"));
    }

    [Fact]
    public void UndeclaredMethodIsTreatedAsUnknown()
    {
        Assert.Empty(validator.Check(HttpMethod.Put, TenantPath, 405, Json, """{"error":"method_not_allowed"}"""));
        Assert.Contains(validator.Check(HttpMethod.Put, TenantPath, 200, Json, Tenant().ToJsonString()), v => v.Contains("not in the contract"));
    }

    [Theory]
    [InlineData("/openapi.yaml", "application/yaml")]
    [InlineData("/docs", "text/html")]
    [InlineData("/scalar/index.html", "text/html")]
    public void HostServedDocumentsAreAllowed(string path, string contentType) =>
        Assert.Empty(validator.Check(HttpMethod.Get, path, 200, contentType, "openapi: 3.1.0"));

    [Fact]
    public void PropertyTheSchemaDoesNotNameFails()
    {
        var tenant = Tenant();
        tenant["secret_hash"] = "9f86d081884c7d65";

        var violations = validator.Check(HttpMethod.Get, TenantPath, 200, Json, tenant.ToJsonString());

        Assert.Contains(violations, v => v.Contains("secret_hash", StringComparison.Ordinal));
    }

    [Fact]
    public void PropertyNoPartOfAComposedSchemaNamesFails()
    {
        var page = new JsonObject { ["items"] = new JsonArray(AuditEvent()) };
        Assert.Empty(validator.Check(HttpMethod.Get, "/v1/audit", 200, Json, page.ToJsonString()));

        page["items"]![0]!["secret_hash"] = "9f86d081884c7d65";
        Assert.Contains(validator.Check(HttpMethod.Get, "/v1/audit", 200, Json, page.ToJsonString()), v => v.Contains("secret_hash", StringComparison.Ordinal));
    }

    [Fact]
    public void FreeFormObjectsTakeAnyProperty()
    {
        var page = new JsonObject { ["items"] = new JsonArray(AuditEvent()) };
        page["items"]![0]!["metadata"] = new JsonObject { ["anything"] = new JsonObject { ["nested"] = true } };

        Assert.Empty(validator.Check(HttpMethod.Get, "/v1/audit", 200, Json, page.ToJsonString()));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("soon", false)]
    [InlineData("1.5", false)]
    public void DeclaredHeaderValueIsChecked(string retryAfter, bool valid)
    {
        var headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter };

        var violations = validator.Check(HttpMethod.Post, "/v1/internal/api-keys/verify", 429, Json, """{"error":"rate_limited","message":"slow down"}""", headers: headers);

        Assert.Equal(valid, violations.Count == 0);
    }

    [Fact]
    public void RequiredHeaderMustBePresent()
    {
        var headers = new Dictionary<string, string>();

        var violations = validator.Check(HttpMethod.Post, "/v1/internal/api-keys/verify", 429, Json, """{"error":"rate_limited","message":"slow down"}""", headers: headers);

        Assert.Contains(violations, v => v.Contains("Retry-After is required", StringComparison.Ordinal));
    }

    private static JsonObject Tenant() => new()
    {
        ["id"] = "3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c",
        ["slug"] = "acme",
        ["name"] = "Acme",
        ["status"] = "active",
        ["kind"] = "customer",
        ["plan"] = "starter",
        ["trial_ends_at"] = "2025-01-15T10:00:00Z",
        ["contract_start"] = "2025-02-01",
        ["created_at"] = "2025-01-01T10:00:00Z",
        ["updated_at"] = "2025-01-02T10:00:00.123+01:00",
    };

    private static JsonObject AuditEvent() => new()
    {
        ["id"] = 42,
        ["tenant_id"] = "3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c",
        ["action"] = "tenant.created",
        ["metadata"] = new JsonObject { ["plan"] = "starter" },
        ["created_at"] = "2025-01-01T10:00:00Z",
    };
}
