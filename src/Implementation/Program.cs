using TenantRegistry.Audit.Evidence;
using TenantRegistry.Hosting;
using TenantRegistry.Store;

if (args is [VerifyAuditCommand.Name, .. var verifyOptions])
{
    return await VerifyAuditCommand.RunAsync(verifyOptions, Console.Out);
}

// Settings (appsettings.json, the catalog) live next to the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTenantRegistry();
var app = builder.Build();

app.Services.GetRequiredService<StoreMigrator>().MigrateToLatest();
if (args.Contains("migrate"))
{
    return 0;
}

app.UseTenantRegistry();
await app.RunAsync();
return 0;

public partial class Program;
