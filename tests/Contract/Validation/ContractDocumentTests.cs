namespace TenantRegistry.Contract.Tests.Validation;

public sealed class ContractDocumentTests
{
    private readonly ContractDocument document = ContractDocument.Shared.Value;

    [Fact]
    public void PlainYamlScalarsBecomeTypedJson()
    {
        var json = YamlToJson.Convert("""
            flag: true
            count: 500
            ratio: 1.5
            hex: 0x1F
            octal: 0o17
            none: null
            version: 0.1.0
            quoted: "200"
            single: 'true'
            200: ok
            """)!;

        Assert.True(json["flag"]!.GetValue<bool>());
        Assert.Equal(500, json["count"]!.GetValue<long>());
        Assert.Equal(1.5, json["ratio"]!.GetValue<double>());
        Assert.Equal(31, json["hex"]!.GetValue<long>());
        Assert.Equal(15, json["octal"]!.GetValue<long>());
        Assert.Null(json["none"]);
        Assert.Equal("0.1.0", json["version"]!.GetValue<string>());
        Assert.Equal("200", json["quoted"]!.GetValue<string>());
        Assert.Equal("true", json["single"]!.GetValue<string>());
        Assert.Equal("ok", json["200"]!.GetValue<string>());
    }

    [Fact]
    public void The_Error_schema_names_every_error_code_the_service_answers()
    {
        var description = (string)document.Root["components"]!["schemas"]!["Error"]!["properties"]!["error"]!["description"]!;
        var codes = typeof(TenantRegistry.Errors.ErrorCodes).GetFields().Select(field => (string)field.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Contains($"{code} (", description));
    }

    [Fact]
    public void SpecKeepsStatusKeysAsStringsAndFlagsAsBooleans()
    {
        var getTenant = document.Root["paths"]!["/v1/tenants/{id}"]!["get"]!;

        Assert.NotNull(getTenant["responses"]!["200"]);
        Assert.True(getTenant["parameters"]![0]!["required"]!.GetValue<bool>());
    }

    [Fact]
    public void TemplateSegmentMatchesAnyNonEmptySegment()
    {
        Assert.Equal("/v1/tenants/{id}", document.FindOperation(HttpMethod.Get, "/v1/tenants/anything")?.PathTemplate);
        Assert.Null(document.FindOperation(HttpMethod.Get, "/v1/tenants/"));
    }

    [Fact]
    public void LiteralSegmentWinsOverTemplate() =>
        Assert.Equal("/v1/tenants/by-slug/{slug}", document.FindOperation(HttpMethod.Get, "/v1/tenants/by-slug/activate")?.PathTemplate);

    [Fact]
    public void ResponseReferencesResolveToComponents()
    {
        var notFound = document.FindOperation(HttpMethod.Get, "/v1/tenants/x")!.Node.Child("responses")!.Child("404")!;

        Assert.Equal("/components/responses/NotFound", document.Resolve(notFound).Pointer.ToString());
    }
}
