using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Catalog;

/// <summary>The catalog comes from configuration and a catalog the service cannot serve stops the start.</summary>
public sealed class CatalogConfigurationTests
{
    [Fact]
    public async Task Duplicate_product_key_stops_the_start()
    {
        var failure = await StandaloneApps.StartFailureAsync(("Catalog:Products:1:Key", "compliance-scanner"));

        Assert.Contains("compliance-scanner", failure.Message);
        Assert.Contains("unique", failure.Message);
    }

    [Fact]
    public async Task Keys_differing_only_in_case_count_as_duplicates()
    {
        var failure = await StandaloneApps.StartFailureAsync(("Catalog:Products:1:Key", "Compliance-Scanner"));

        Assert.Contains("unique", failure.Message);
    }

    [Theory]
    [InlineData("Catalog:Products:2:Name", "", "Catalog:Products:2:Name must not be empty")]
    [InlineData("Catalog:Products:2:Name", "   ", "Catalog:Products:2:Name must not be empty")]
    [InlineData("Catalog:Products:5:Name", "Product without a key", "Catalog:Products:5:Key must not be empty")]
    [InlineData("Catalog:Products:0:Key", " compliance-scanner", "Catalog:Products:0:Key must not start or end with white space")]
    [InlineData("Catalog:Products:0:DemoUrl", "demo.example.com", "Catalog:Products:0:DemoUrl must be an absolute http or https URL")]
    [InlineData("Catalog:Products:3:PlansRequired:2", " ", "Catalog:Products:3:PlansRequired must not contain empty plan names")]
    public async Task Incomplete_product_stops_the_start(string key, string value, string problem)
    {
        var failure = await StandaloneApps.StartFailureAsync((key, value));

        Assert.Contains(problem, failure.Failures);
    }

    [Fact]
    public async Task Operators_change_products_through_configuration()
    {
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(
            ("Catalog:Products:0:Name", "Compliance Scanner Pro"),
            ("Catalog:Products:0:SupportsTrial", "false"),
            ("Catalog:Products:5:Key", "data-residency"),
            ("Catalog:Products:5:Name", "EU Data Residency"),
            ("Catalog:Products:5:Description", "Keeps all data of a tenant in EU regions."),
            ("Catalog:Products:5:PlansRequired:0", "enterprise")));
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var tenant = await client.CreateTenantAsync();

        var items = (await (await client.GetAsync("/v1/catalog")).ReadObjectAsync())["items"]!.AsArray();
        var trial = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"compliance-scanner"}""");

        Assert.Equal(6, items.Count);
        Assert.Equal("Compliance Scanner Pro", (string?)items[0]!["name"]);
        Assert.Equal("data-residency", (string?)items[5]!["key"]);
        Assert.Equal("""["enterprise"]""", items[5]!["plans_required"]!.ToJsonString());
        Assert.False((bool)items[5]!["supports_trial"]!);
        Assert.Equal(HttpStatusCode.BadRequest, trial.StatusCode);
    }
}
