using System.Net.Http.Headers;

namespace TenantRegistry.Client;

/// <summary>
/// Puts <c>Authorization: Bearer &lt;token&gt;</c> on every request, asking <paramref name="accessToken"/> each time
/// (so the caller's token cache decides when to refresh). A request that already has an Authorization header, or a
/// provider that answers null or empty, is sent as it is. <c>AddTenantRegistryClient</c> adds it for
/// <see cref="TenantRegistryClientOptions.AccessTokenProvider"/>; add it yourself to a hand-made HttpClient.
/// </summary>
/// <param name="accessToken">Returns the current access token.</param>
public sealed class BearerTokenHandler(Func<CancellationToken, ValueTask<string?>> accessToken) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && await accessToken(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
