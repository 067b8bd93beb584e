using TenantRegistry.Hosting;
using TenantRegistry.Store;

// Settings (appsettings.json, the catalog) live next to the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTenantRegistry();
var app = builder.Build();

app.Services.GetRequiredService<StoreMigrator>().MigrateToLatest();
if (args.Contains("migrate"))
{
    return;
}

app.UseTenantRegistry();
app.Run();

public partial class Program;
