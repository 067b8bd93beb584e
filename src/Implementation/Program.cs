using TenantRegistry.Hosting;

var command = CommandLine.Parse(args);
if (command.Command is RegistryCommand.Help or RegistryCommand.Invalid)
{
    await (command.Command == RegistryCommand.Help ? Console.Out : Console.Error).WriteAsync(command.Text);
    return command.ExitCode;
}

try
{
    // Settings (appsettings.json, the catalog) live next to the binary, wherever the process is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddTenantRegistry();
    await using var app = builder.Build();
    await app.PrepareStoreAsync();
    if (command.Command == RegistryCommand.Migrate)
    {
        return 0;
    }

    app.UseTenantRegistry();
    await app.StartAsync();
    await app.LogReadyAsync();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.IsOwnProcess && StartupFailure.From(exception) is { } failure)
{
    // The host is disposed by now, so the log lines before this one are out; this is the last line, on its own.
    await Console.Error.WriteLineAsync($"TenantRegistry cannot start: {failure.Message}");
    return failure.ExitCode;
}

public partial class Program;
