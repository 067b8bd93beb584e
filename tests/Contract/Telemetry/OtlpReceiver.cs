using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP endpoint on a free loopback port that keeps every export request it receives. It answers 200 with
/// an empty body (an empty Export*ServiceResponse), which is all an exporter needs.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<OtlpExport> exports = new();
    private readonly Task serving;

    public OtlpReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyCollection<OtlpExport> Exports => exports;

    public void Dispose()
    {
        listener.Close();
        _ = serving.Exception;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            exports.Enqueue(new OtlpExport(context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>One export request: protobuf strings (names, attribute values) appear in it as plain UTF-8.</summary>
public sealed record OtlpExport(string Path, string? ContentType, byte[] Body)
{
    public bool Mentions(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
