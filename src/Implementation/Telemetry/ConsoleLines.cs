using System.Collections.Concurrent;
using System.Text;

namespace TenantRegistry.Telemetry;

/// <summary>
/// Where the console log's lines go: a queue a writer thread empties in batches, one write per output and batch.
/// </summary>
/// <remarks>
/// ASP.NET Core's console logger hands every line to its writer thread under a lock, wakes the thread for it and
/// writes it with a system call of its own. Profiled under verify load (dotnet-trace, docs/performance.md) that was
/// the largest single cost of telemetry: about 17 % of the process's CPU went to the lock, the wake-ups and the
/// writer thread for one line per request. Here a request only formats its line and enqueues it; the writer wakes
/// at most once per <see cref="BatchWindow"/> and writes everything queued meanwhile at once. A line reaches the
/// console at most about that much later. When the queue is full the caller writes its line itself, so a flood
/// slows its requests down rather than losing lines or memory, like the console logger's default.
/// </remarks>
internal sealed class ConsoleLines : IDisposable
{
    /// <summary>Long enough to gather many lines under load, short enough that a reader never notices.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(10);

    private const int BufferBytes = 64 * 1024;

    private readonly ConcurrentQueue<(string Text, bool ToError)> queue = new();
    private readonly SemaphoreSlim wake = new(0);
    private readonly Lock output = new();
    private readonly StreamWriter standardOutput;
    private readonly StreamWriter standardError;
    private readonly Thread writer;
    private readonly int capacity;
    private int queued;
    private int idle;
    private volatile bool stopping;

    /// <param name="standardOutput">The process's standard output, or a stream a test reads.</param>
    /// <param name="standardError">The process's standard error, or a stream a test reads.</param>
    /// <param name="capacity">Lines queued at most; beyond them a caller writes its line itself.</param>
    public ConsoleLines(Stream standardOutput, Stream standardError, int capacity)
    {
        this.capacity = capacity;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        this.standardOutput = new StreamWriter(standardOutput, utf8, BufferBytes) { AutoFlush = false };
        this.standardError = new StreamWriter(standardError, utf8, BufferBytes) { AutoFlush = false };
        writer = new Thread(Run) { IsBackground = true, Name = "Console log writer" };
        writer.Start();
        // A process that ends without disposing its host still writes what it logged.
        AppDomain.CurrentDomain.ProcessExit += FlushOnExit;
    }

    /// <param name="text">One or more whole lines, each ending in a newline.</param>
    /// <param name="toError">To standard error instead of standard output.</param>
    public void Add(string text, bool toError)
    {
        if (stopping || Volatile.Read(ref queued) >= capacity)
        {
            lock (output)
            {
                Drain();
                Write(text, toError);
                Flush();
            }

            return;
        }

        queue.Enqueue((text, toError));
        Interlocked.Increment(ref queued);
        if (Volatile.Read(ref idle) == 1 && Interlocked.Exchange(ref idle, 0) == 1)
        {
            wake.Release();
        }
    }

    public void Dispose()
    {
        if (stopping)
        {
            return;
        }

        stopping = true;
        AppDomain.CurrentDomain.ProcessExit -= FlushOnExit;
        wake.Release();
        writer.Join(TimeSpan.FromSeconds(5));
        lock (output)
        {
            Drain();
            Flush();
        }
    }

    private void Run()
    {
        while (!stopping)
        {
            WaitForLines();
            // Gather what arrives in the window, so one wake-up and one write serve many lines.
            Thread.Sleep(BatchWindow);
            lock (output)
            {
                Drain();
                Flush();
            }
        }
    }

    /// <summary>Sleeps until a caller adds a line (it wakes the writer only when the writer said it sleeps).</summary>
    private void WaitForLines()
    {
        // A full fence: the queue must be read after callers can see the flag, or a line added in between would
        // wait for the next one.
        Interlocked.Exchange(ref idle, 1);
        if (queue.IsEmpty && !stopping)
        {
            wake.Wait();
            return;
        }

        // Lines arrived meanwhile: stay awake, and take back the wake-up a caller may already have given.
        if (Interlocked.Exchange(ref idle, 0) == 0)
        {
            wake.Wait();
        }
    }

    private void Drain()
    {
        while (queue.TryDequeue(out var line))
        {
            Interlocked.Decrement(ref queued);
            Write(line.Text, line.ToError);
        }
    }

    private void Write(string text, bool toError)
    {
        try
        {
            (toError ? standardError : standardOutput).Write(text);
        }
        catch (IOException)
        {
            // A closed console loses the line, as it would with the console logger; the service goes on.
        }
    }

    private void Flush()
    {
        try
        {
            standardOutput.Flush();
            standardError.Flush();
        }
        catch (IOException)
        {
            // As in Write.
        }
    }

    private void FlushOnExit(object? sender, EventArgs e)
    {
        lock (output)
        {
            Drain();
            Flush();
        }
    }
}
