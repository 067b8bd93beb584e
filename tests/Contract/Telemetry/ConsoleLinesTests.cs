using System.Text;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// The console log's batched writer: every line reaches its stream exactly once, while the service runs and not only
/// when it stops, each caller's lines in the order it wrote them, also when the queue is full and callers write
/// their lines themselves; lines for standard error go there.
/// </summary>
public sealed class ConsoleLinesTests
{
    [Fact]
    public async Task Lines_from_many_threads_are_written_while_running_each_once_and_in_each_thread_s_order()
    {
        var output = new ReadableStream();
        var error = new ReadableStream();
        using var lines = new ConsoleLines(output, error, capacity: 100_000);

        await WriteConcurrentlyAsync(lines, threads: 8, linesPerThread: 2_000);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(LinesOf(output).Count == 8 * 2_000)),
            $"all lines written before the writer is disposed; got {LinesOf(output).Count}");
        AssertEachOnceInOrder(LinesOf(output), threads: 8, linesPerThread: 2_000);
        Assert.Empty(LinesOf(error));
    }

    [Fact]
    public async Task A_full_queue_makes_callers_write_their_own_lines_and_none_is_lost_or_reordered()
    {
        var output = new ReadableStream();
        var lines = new ConsoleLines(output, new ReadableStream(), capacity: 1);

        await WriteConcurrentlyAsync(lines, threads: 4, linesPerThread: 1_000);
        lines.Dispose();

        AssertEachOnceInOrder(LinesOf(output), threads: 4, linesPerThread: 1_000);
    }

    [Fact]
    public void Lines_for_standard_error_go_there_and_disposing_writes_what_is_queued()
    {
        var output = new ReadableStream();
        var error = new ReadableStream();
        var lines = new ConsoleLines(output, error, capacity: 100);

        lines.Add("fail: it broke\n", toError: true);
        lines.Add("info: it works\n", toError: false);
        lines.Dispose();

        Assert.Equal(["fail: it broke"], LinesOf(error));
        Assert.Equal(["info: it works"], LinesOf(output));
    }

    private static Task WriteConcurrentlyAsync(ConsoleLines lines, int threads, int linesPerThread) =>
        Task.WhenAll(Enumerable.Range(0, threads).Select(thread => Task.Run(() =>
        {
            for (var line = 0; line < linesPerThread; line++)
            {
                lines.Add($"{thread} {line}\n", toError: false);
            }
        })));

    private static void AssertEachOnceInOrder(List<string> written, int threads, int linesPerThread)
    {
        Assert.Equal(threads * linesPerThread, written.Count);
        var byThread = written.Select(line => line.Split(' ')).GroupBy(parts => int.Parse(parts[0]), parts => int.Parse(parts[1]));
        foreach (var thread in byThread)
        {
            Assert.Equal(Enumerable.Range(0, linesPerThread), thread);
        }

        Assert.Equal(threads, byThread.Count());
    }

    private static List<string> LinesOf(ReadableStream stream) =>
        stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>A write-only stream a test may read while the writer thread writes to it.</summary>
    private sealed class ReadableStream : Stream
    {
        private readonly MemoryStream bytes = new();

        public string Text
        {
            get
            {
                lock (bytes)
                {
                    return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (bytes)
            {
                bytes.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
