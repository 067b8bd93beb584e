using System.Net;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>
/// The SDK's HttpClient handler in these tests: records each request exactly as the SDK built it, with its body,
/// then sends it through the fixture's own client (so the spec check and whatever else the fixture adds apply).
/// </summary>
internal sealed class RecordingHandler(HttpClient fixtureClient) : HttpMessageHandler
{
    private readonly List<Exchange> exchanges = [];

    public IReadOnlyList<Exchange> Exchanges => exchanges;

    /// <summary>A gateway prefix (<c>/registry</c>) the SDK must keep, taken off before the service sees the request.</summary>
    public string? PathBase { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await fixtureClient.SendAsync(Copy(request, body), cancellationToken);
        exchanges.Add(new Exchange(request, body, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
        return response;
    }

    // An HttpClient sends a message once; the SDK's HttpClient already has.
    private HttpRequestMessage Copy(HttpRequestMessage request, string? body)
    {
        var uri = request.RequestUri!;
        if (PathBase is not null && uri.AbsolutePath.StartsWith(PathBase + "/", StringComparison.Ordinal))
        {
            uri = new UriBuilder(uri) { Path = uri.AbsolutePath[PathBase.Length..] }.Uri;
        }

        var copy = new HttpRequestMessage(request.Method, uri);
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new StringContent(body);
            copy.Content.Headers.Clear();
            foreach (var header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }

    internal sealed record Exchange(HttpRequestMessage Request, string? RequestBody, HttpStatusCode Status, string ResponseBody)
    {
        public override string ToString() =>
            $"{Request.Method} {Request.RequestUri}{(RequestBody is null ? "" : " " + RequestBody)} -> {(int)Status} {ResponseBody}";
    }
}
