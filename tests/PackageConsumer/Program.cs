using System.Reflection;
using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using TenantRegistry.Client;

// A product team's main flow, through the packed SDK: args[0] is the running service's address.
var services = new ServiceCollection();
services.AddTenantRegistryClient(options => options.BaseAddress = new Uri(args[0]))
    .AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
await using var provider = services.BuildServiceProvider();
var registry = provider.GetRequiredService<TenantRegistryClient>();

var sdk = typeof(TenantRegistryClient).Assembly;
Console.WriteLine($"runtime {Environment.Version}; TenantRegistry.Client {sdk.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion} built for {sdk.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName}");

var started = DateTimeOffset.Now.AddSeconds(-5).ToOffset(TimeSpan.FromHours(-7));
var slug = "consumer-" + Guid.NewGuid().ToString("N")[..12];
var tenant = await registry.Tenants.CreateTenantAsync(new TenantCreate { Slug = slug, Name = "Package consumer" });
var bySlug = await registry.Tenants.GetTenantBySlugAsync(slug);
var product = (await registry.Catalog.ListCatalogAsync()).Items!.First(entry => entry.SupportsTrial).Key;
var trial = await registry.Catalog.StartTrialAsync(new CatalogRequest { TenantId = tenant.Id, Product = product });
var key = await registry.ApiKeys.CreateApiKeyAsync(new ApiKeyCreate { TenantId = tenant.Id, Name = "consumer", Scopes = ["search"] });
var verified = await registry.ApiKeys.VerifyApiKeyAsync(new ApiKeyVerifyRequest { Key = key.Plaintext });
var events = await registry.Audit.ListAuditEventsAsync(tenantId: tenant.Id, since: started);
await registry.ApiKeys.RevokeApiKeyAsync(key.ApiKey.Id);
var revoked = await registry.ApiKeys.VerifyApiKeyAsync(new ApiKeyVerifyRequest { Key = key.Plaintext });
string? missing = null;
try
{
    await registry.Tenants.GetTenantAsync(Guid.NewGuid());
}
catch (TenantRegistryApiException e)
{
    missing = e.ErrorCode;
    Console.WriteLine($"missing tenant: {e.Message}");
}

var problems = new List<string>();
Expect(bySlug.Id == tenant.Id, "tenant read by slug");
Expect(trial.Enabled && trial.TenantId == tenant.Id, "trial started");
Expect(verified.Valid && verified.TenantId == tenant.Id, "fresh key verifies");
Expect(!revoked.Valid, "revoked key no longer verifies");
Expect(events.Items!.Any(item => item.Action == "tenant.created"), "audit since a non-UTC instant finds tenant.created");
Expect(missing == "not_found", "missing tenant is not_found");
foreach (var problem in problems)
{
    Console.Error.WriteLine($"FAILED: {problem}");
}

Console.WriteLine(problems.Count == 0 ? "package consumer: main flow ok" : "package consumer: main flow FAILED");
return problems.Count == 0 ? 0 : 1;

void Expect(bool condition, string what)
{
    if (!condition)
    {
        problems.Add(what);
    }
}
