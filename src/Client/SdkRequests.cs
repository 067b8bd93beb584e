using System.Text;

namespace TenantRegistry.Client;

/// <summary>What every generated client does to a request just before it is sent (its PrepareRequest hook).</summary>
internal static class SdkRequests
{
    private static readonly byte[] JsonNull = "null"u8.ToArray();

    public static void Prepare(HttpClient client, HttpRequestMessage request, StringBuilder relativePath)
    {
        ResolveAddress(client, relativePath);
        DropAbsentBody(request);
    }

    // Left to HttpClient, a base address without a trailing slash loses its last segment (RFC 3986:
    // http://host/registry + v1/tenants is http://host/v1/tenants), so the SDK joins the two itself.
    private static void ResolveAddress(HttpClient client, StringBuilder relativePath)
    {
        var baseAddress = client.BaseAddress?.AbsoluteUri ?? throw new InvalidOperationException(
            "The Tenant Registry client's HttpClient has no BaseAddress: set TenantRegistryClientOptions.BaseAddress " +
            "in AddTenantRegistryClient, or HttpClient.BaseAddress, to the service's address.");
        relativePath.Insert(0, baseAddress.EndsWith('/') ? baseAddress : baseAddress + "/");
    }

    // NSwag serialises an optional body that was not given as the JSON text null; the spec's optional body means
    // no body at all.
    private static void DropAbsentBody(HttpRequestMessage request)
    {
        if (request.Content is ByteArrayContent { Headers.ContentLength: 4 } content)
        {
            using var stream = content.ReadAsStream();
            var bytes = new byte[4];
            if (stream.Read(bytes, 0, 4) == 4 && bytes.AsSpan().SequenceEqual(JsonNull))
            {
                request.Content = null;
                content.Dispose();
            }
        }
    }
}
