using TenantRegistry.Audit.Evidence;
using TenantRegistry.Hosting;

// verify-audit parses its own options (`--store` takes no value) and never starts the service.
if (args is [VerifyAuditCommand.Name, .. var verifyOptions])
{
    return await VerifyAuditCommand.RunAsync(verifyOptions, Console.Out);
}

var command = CommandLine.Parse(args);
if (command.Command is RegistryCommand.Help or RegistryCommand.Invalid)
{
    await (command.Command == RegistryCommand.Help ? Console.Out : Console.Error).WriteAsync(command.Text);
    return command.ExitCode;
}

WebApplication? app = null;
try
{
    // Settings (appsettings.json, the catalog) live next to the binary, wherever the process is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddTenantRegistry();
    app = builder.Build();
    await app.PrepareStoreAsync();
    if (command.Command == RegistryCommand.Serve)
    {
        app.UseTenantRegistry();
        await app.StartAsync();
        app.LogReady();
        await app.WaitForShutdownAsync();
    }

    // Disposing flushes the log.
    await app.DisposeAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.IsOwnProcess && StartupFailure.From(exception) is { } failure)
{
    // Hosted by a test factory the exception goes to the factory instead, with the host left for it to dispose.
    if (app is not null)
    {
        await app.DisposeAsync();
    }

    await Console.Error.WriteLineAsync($"TenantRegistry cannot start: {failure.Message}");
    return failure.ExitCode;
}

public partial class Program;
