using System.Net;

namespace TenantRegistry.Contract.Tests.Telemetry;

public static class Scrapes
{
    /// <summary>GET /metrics, checked against the contract by the client's handler and parsed strictly.</summary>
    public static async Task<PrometheusText> ScrapeAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
