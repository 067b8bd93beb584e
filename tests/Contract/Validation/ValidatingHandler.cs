using System.Text;

namespace TenantRegistry.Contract.Tests.Validation;

/// <summary>Checks every response that passes through it against the contract and throws on any violation.</summary>
public sealed class ValidatingHandler : DelegatingHandler
{
    private static long checkedResponses;
    private readonly ContractValidator validator = new(ContractDocument.Shared.Value);

    /// <summary>Counts responses checked by any handler, so a suite can prove validation actually ran.</summary>
    public static long CheckedResponses => Interlocked.Read(ref checkedResponses);

    /// <summary>Lets store-outage tests receive 503 through a <c>default</c> response.</summary>
    public bool AcceptUnavailable { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        response.Content = Buffered(response.Content, bytes);

        var path = request.RequestUri!.AbsolutePath;
        var status = (int)response.StatusCode;
        var body = Encoding.UTF8.GetString(bytes);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(header => header.Key, header => string.Join(", ", header.Value), StringComparer.OrdinalIgnoreCase);
        var violations = validator.Check(
            request.Method, path, status, response.Content.Headers.ContentType?.ToString(), body, AcceptUnavailable, headers);
        Interlocked.Increment(ref checkedResponses);

        if (violations.Count > 0)
        {
            response.Dispose();
            throw new ContractViolationException(request.Method, path, status, violations, body);
        }

        return response;
    }

    // The original content may be a one-shot stream; the caller must still be able to read what was validated.
    private static ByteArrayContent Buffered(HttpContent original, byte[] bytes)
    {
        var buffered = new ByteArrayContent(bytes);
        foreach (var header in original.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        original.Dispose();
        return buffered;
    }
}
