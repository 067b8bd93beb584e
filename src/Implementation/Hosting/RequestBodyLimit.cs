using Microsoft.AspNetCore.Http.Features;
using TenantRegistry.Errors;

namespace TenantRegistry.Hosting;

/// <summary>
/// Refuses a body over <see cref="WireMessages.MaxRequestBodyBytes"/> with 413 and the Error body, for a declared
/// length before anything reads it and for a chunked body as soon as a read crosses the limit. Either way the rest of
/// the body is read and discarded first (up to <see cref="MaxDiscardedBytes"/>): a server that answers while the
/// client is still sending and then closes the connection leaves the client with a reset instead of the 413.
/// Kestrel's own limit is the discard bound, so only a body beyond it ends with Kestrel closing the connection.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, ErrorBodyWriter errors)
{
    public const long MaxDiscardedBytes = 16 * 1024 * 1024;

    /// <summary>Kestrel's default is 8 KiB; past this Kestrel answers 414 itself, with no body (docs/behaviour.md).</summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > WireMessages.MaxRequestBodyBytes)
        {
            await BoundedRequestBody.DiscardAsync(request.Body, 0, context.RequestAborted);
            await errors.WriteBodyTooLargeAsync(context);
            return;
        }

        if (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            request.Body = new BoundedRequestBody(request.Body);
        }

        await next(context);
    }
}

/// <summary>A body of undeclared length that fails the read crossing the limit, after discarding what is left.</summary>
internal sealed class BoundedRequestBody(Stream inner) : Stream
{
    private long read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => read; set => throw new NotSupportedException(); }

    public static async Task DiscardAsync(Stream body, long alreadyRead, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var total = alreadyRead;
            int count;
            while (total < RequestBodyLimit.MaxDiscardedBytes && (count = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += count;
            }
        }
        catch (BadHttpRequestException)
        {
            // Beyond Kestrel's bound: it closes the connection after the answer, which is all that is left to do.
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = await inner.ReadAsync(buffer, cancellationToken);
        read += count;
        if (read > WireMessages.MaxRequestBodyBytes)
        {
            await DiscardAsync(inner, read, cancellationToken);
            throw new BadHttpRequestException(WireMessages.BodyTooLarge, StatusCodes.Status413PayloadTooLarge);
        }

        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Kestrel refuses synchronous reads anyway; a host that allows them gets the limit without the discard.
    public override int Read(byte[] buffer, int offset, int count)
    {
        var done = inner.Read(buffer, offset, count);
        read += done;
        return read > WireMessages.MaxRequestBodyBytes
            ? throw new BadHttpRequestException(WireMessages.BodyTooLarge, StatusCodes.Status413PayloadTooLarge)
            : done;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
