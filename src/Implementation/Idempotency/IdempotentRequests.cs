using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TenantRegistry.Audit;
using TenantRegistry.Errors;
using TenantRegistry.Store;

namespace TenantRegistry.Idempotency;

/// <summary>
/// Makes a POST with an Idempotency-Key safe to retry (the Stripe model). The first request runs with its response
/// held back in a buffer; if a unit of change ran for it, its answer is written in that change's transaction, the
/// transaction commits, and only then is the answer sent. A retry with the same key and the same request gets the
/// stored answer byte for byte with Idempotent-Replayed: true, and nothing runs; with another request, 422; while the
/// first is still running, 409 with Retry-After. What never reached a unit of change (bad input, a failure) is not
/// recorded, so its retry runs again.
/// </summary>
internal sealed class IdempotentRequests(RequestDelegate next, IdempotencyClaims claims, StoredAnswerProtection protection,
    ErrorBodyWriter errors, IOptions<IdempotencyOptions> options, IOptions<StoreOptions> store, TimeProvider clock)
{
    private static readonly PathString Api = "/v1";

    public async Task InvokeAsync(HttpContext context, IdempotentRequest request, CallerContext caller, RegistryDb db)
    {
        var neverReplayed = context.GetEndpoint()?.Metadata.GetMetadata<NeverReplayedAttribute>();
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments(Api)
            || !context.Request.Headers.TryGetValue(IdempotencyKeyHeader.Name, out var values)
            || neverReplayed is { ChecksKey: false })
        {
            await next(context);
            return;
        }

        if (!IdempotencyKeyHeader.IsValid(values, out var key))
        {
            await errors.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, WireMessages.InvalidIdempotencyKey);
            return;
        }

        if (neverReplayed is not null)
        {
            await next(context);
            return;
        }

        var scope = caller.IdempotencyScope;
        var fingerprint = RequestFingerprint.Of(context.Request.Method, context.Request.Path.Value ?? "", (await ReadBodyAsync(context)).Span);
        // On PostgreSQL the lookup is part of the claim, which goes with the request's first statement (IdempotentRequest).
        if (!store.Value.UsesPostgres
            && await StoredAnswer.FindAsync(db, usesPostgres: false, scope, key, clock.UtcNow(), context.RequestAborted) is { } answered)
        {
            await AnswerAgainAsync(context, answered, fingerprint);
            return;
        }

        if (!claims.TryClaim(scope, key))
        {
            await InFlightAsync(context);
            return;
        }

        try
        {
            request.Begin(scope, key, fingerprint);
            await RunAndRecordAsync(context, request, fingerprint);
        }
        finally
        {
            await request.DisposeAsync();
            claims.Release(scope, key);
        }
    }

    private async Task RunAndRecordAsync(HttpContext context, IdempotentRequest request, byte[] fingerprint)
    {
        var response = context.Response;
        var client = response.Body;
        using var held = new MemoryStream();
        response.Body = held;
        try
        {
            await next(context);
            if (request.HoldsChange)
            {
                var (scope, key, _) = request.Identity!.Value;
                var now = clock.UtcNow();
                await request.CommitAsync(new IdempotencyRecordRow
                {
                    Scope = scope,
                    Key = key,
                    Fingerprint = fingerprint,
                    Status = response.StatusCode,
                    ContentType = response.ContentType,
                    Location = response.Headers.Location.Count > 0 ? response.Headers.Location.ToString() : null,
                    Body = protection.Protect(held.ToArray()),
                    CreatedAt = now,
                    ExpiresAt = now + options.Value.Retention,
                }, context.RequestAborted);
            }
            else
            {
                await request.EndWithoutChangeAsync(context.RequestAborted);
            }
        }
        catch (IdempotencyPreempted preempted)
        {
            response.Body = client;
            if (preempted.Answered is { } answered)
            {
                await AnswerAgainAsync(context, answered, fingerprint);
            }
            else
            {
                await InFlightAsync(context);
            }

            return;
        }
        finally
        {
            response.Body = client;
        }

        // Committed: the answer goes out whatever the attempt's timeout says from here on. A copy cancelled by that
        // timeout left the answer in front of the 503 the store's pipeline then wrote, for a change that had been
        // made (seen once under load in IdempotencyContractTests: a 503 whose body was the 201's and then the error).
        held.Position = 0;
        await held.CopyToAsync(client, CancellationToken.None);
    }

    private async Task AnswerAgainAsync(HttpContext context, StoredAnswer answered, byte[] fingerprint)
    {
        if (!CryptographicOperations.FixedTimeEquals(answered.Fingerprint, fingerprint))
        {
            await errors.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyMismatch, WireMessages.IdempotencyKeyReused);
            return;
        }

        var body = protection.Unprotect(answered.Body);
        var response = context.Response;
        response.Clear();
        response.StatusCode = answered.Status;
        response.ContentType = answered.ContentType;
        if (answered.Location is { } location)
        {
            response.Headers.Location = location;
        }

        response.Headers[IdempotencyKeyHeader.Replayed] = "true";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private Task InFlightAsync(HttpContext context)
    {
        // The error writer clears the response first; the header is added as the response starts.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        });
        return errors.WriteAsync(context, StatusCodes.Status409Conflict, ErrorCodes.IdempotencyInFlight, WireMessages.IdempotencyKeyInFlight);
    }

    /// <summary>
    /// The body, read once for the fingerprint; the endpoint then reads it from memory. (Not <c>EnableBuffering</c>:
    /// its file-backed stream and the copy out of it cost a POST audit with a key two more copies of the body and the
    /// buffering stream's allocations; the body is at most 1 MiB, Hosting/RequestBodyLimit.)
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        context.Request.Body = body;
        context.Response.RegisterForDispose(body);
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }
}
