using Microsoft.Extensions.Options;

namespace TenantRegistry.Security;

/// <summary>
/// Stops the start on an authority the service could not use, and on the one dangerous combination: no
/// authentication while listening where other machines can reach the service, unless that was asked for by name.
/// </summary>
internal sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.Authenticates)
        {
            return AuthorityProblem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
        }

        var exposed = ListenAddresses.Of(configuration).Where(address => !ListenAddresses.IsLoopback(address)).ToList();
        return exposed.Count == 0 || options.AllowAnonymous
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{AuthOptions.SectionName}:Authority is not set, so every /v1 call would be served without authentication, and the service " +
                $"listens on {string.Join(", ", exposed)}, which is not a loopback address. Set {AuthOptions.SectionName}:Authority " +
                $"(Auth__Authority) to the Keycloak realm URL, listen on localhost only, or set {AuthOptions.SectionName}:AllowAnonymous=true " +
                "(Auth__AllowAnonymous) to run unauthenticated on purpose.");
    }

    private static string? AuthorityProblem(AuthOptions options)
    {
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return $"{AuthOptions.SectionName}:Authority must be the realm's absolute URL, e.g. https://sso.example.com/realms/platform, not '{options.Authority}'";
        }

        if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            return $"{AuthOptions.SectionName}:Authority '{options.Authority}' is not https; set {AuthOptions.SectionName}:RequireHttpsMetadata=false to allow that (a local Keycloak only)";
        }

        return string.IsNullOrWhiteSpace(options.Audience) ? $"{AuthOptions.SectionName}:Audience must not be blank" : null;
    }
}

/// <summary>The addresses the service is configured to listen on, read the way Kestrel reads them.</summary>
internal static class ListenAddresses
{
    public static IEnumerable<string> Of(IConfiguration configuration)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>();
        return urls.Concat(endpoints);
    }

    /// <summary>localhost, 127.0.0.0/8, ::1 and Unix sockets; a wildcard (*, +, 0.0.0.0, [::]) or any other host is not.</summary>
    public static bool IsLoopback(string url)
    {
        var address = BindingAddress.Parse(url);
        return address.IsNamedPipe
            || address.IsUnixPipe
            || string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || System.Net.IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip);
    }
}
