using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Catalog;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Drift;

/// <summary>
/// The app routes exactly the operations spec/openapi.yaml lists. Routing does not depend on the store, so this runs
/// on the embedded SQLite store only. The planted cases run the same check on the real app with one endpoint added
/// or one taken away, so a check that could never fail would show here.
/// </summary>
public sealed class ContractDriftTests
{
    [Fact]
    public async Task The_app_routes_exactly_the_operations_of_the_spec()
    {
        var drift = ContractDrift.Between(ContractDocument.Shared.Value.Root, await RoutedDocument.OfServiceAsync());

        Assert.True(drift.Count == 0, "The app and spec/openapi.yaml differ:\n" + string.Join("\n", drift));
    }

    [Fact]
    public async Task A_planted_endpoint_the_spec_does_not_know_fails_the_check_by_name()
    {
        var routed = await RoutedDocument.OfServiceAsync(services => services.AddControllers()
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new PlantedControllers(add: typeof(PlantedEndpointController)))));

        var drift = ContractDrift.Between(ContractDocument.Shared.Value.Root, routed);

        var only = Assert.Single(drift);
        Assert.StartsWith("exportTenants (GET /v1/tenants/export) is routed by the app but is not in spec/openapi.yaml", only, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_planted_spec_operation_without_an_endpoint_fails_the_check_by_name()
    {
        var routed = await RoutedDocument.OfServiceAsync(services => services.AddControllers()
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new PlantedControllers(remove: typeof(CatalogController)))));

        var drift = ContractDrift.Between(ContractDocument.Shared.Value.Root, routed);

        Assert.Equal(
        [
            "listCatalog (GET /v1/catalog) is in spec/openapi.yaml but the app routes no endpoint for it",
            "requestProduct (POST /v1/catalog/request) is in spec/openapi.yaml but the app routes no endpoint for it",
            "startTrial (POST /v1/catalog/trial-request) is in spec/openapi.yaml but the app routes no endpoint for it",
        ], drift.Order(StringComparer.Ordinal));
    }

    /// <summary>Adds or removes one controller after MVC discovered the app's own.</summary>
    private sealed class PlantedControllers(Type? add = null, Type? remove = null) : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
        {
            if (add is not null)
            {
                feature.Controllers.Add(add.GetTypeInfo());
            }

            if (remove is not null)
            {
                feature.Controllers.Remove(remove.GetTypeInfo());
            }
        }
    }
}

/// <summary>An endpoint a developer added to the app without adding it to the contract.</summary>
[ApiController]
public sealed class PlantedEndpointController : ControllerBase
{
    [HttpGet("/v1/tenants/export", Name = "exportTenants")]
    public IActionResult Export() => Ok();
}
