using System.ComponentModel.DataAnnotations;
using System.Net;

namespace TenantRegistry.Hosting;

/// <summary>
/// The proxies whose X-Forwarded-For the service believes (section `ForwardedHeaders`). Empty by default: the
/// source address of an audit event is then always the connection's peer.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Single proxy addresses, e.g. "192.0.2.10" or "2001:db8::10".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. "192.0.2.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many X-Forwarded-For entries, from the right, trusted proxies may supply.</summary>
    public int? ForwardLimit { get; set; } = 1;

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>A malformed entry stops the service at start rather than silently trusting nobody, or the wrong peer.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _)))
        {
            yield return new ValidationResult($"{SectionName}:KnownProxies: '{proxy}' is not an IP address");
        }

        foreach (var network in KnownNetworks.Where(network => !IPNetwork.TryParse(network, out _)))
        {
            yield return new ValidationResult($"{SectionName}:KnownNetworks: '{network}' is not a network in CIDR notation");
        }

        if (ForwardLimit is < 1)
        {
            yield return new ValidationResult($"{SectionName}:ForwardLimit must be at least 1");
        }
    }
}
