using TenantRegistry.Hosting;
using TenantRegistry.Store;

var builder = WebApplication.CreateBuilder(args);
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
