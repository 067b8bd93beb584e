using System.Text;

namespace TenantRegistry.Contract.Tests.Idempotency;

/// <summary>POSTs with an Idempotency-Key, and what a test reads of the answer: status, headers and the exact bytes.</summary>
internal static class IdempotencyHttp
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string path, string? json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.TryAddWithoutValidation(KeyHeader, key);
        return client.SendAsync(request);
    }

    public static async Task<Answer> AnswerAsync(this HttpResponseMessage response) => new(
        (int)response.StatusCode,
        await response.Content.ReadAsByteArrayAsync(),
        response.Headers.Location?.ToString(),
        response.Headers.TryGetValues(ReplayedHeader, out var replayed) ? string.Join(",", replayed) : null);

    public static string NewKey() => Guid.NewGuid().ToString();

    internal sealed record Answer(int Status, byte[] Body, string? Location, string? Replayed)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }
}

/// <summary>The test hook that holds a request in flight: it waits, after the request claimed its key, until released.</summary>
public sealed class HeldClaims : TenantRegistry.Idempotency.IIdempotencyClaimObserver
{
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource claimed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Claimed => claimed.Task;

    public void Release() => release.TrySetResult();

    public async Task ClaimedAsync(string key, CancellationToken cancellationToken)
    {
        claimed.TrySetResult();
        await release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }
}
