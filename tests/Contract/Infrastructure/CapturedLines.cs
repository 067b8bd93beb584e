using System.Text;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>The lines a child process writes to one stream, in order; its output events arrive on pool threads.</summary>
public sealed class CapturedLines
{
    private readonly StringBuilder lines = new();

    /// <summary>Keeps a line; the null that marks the end of the stream adds nothing.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.AppendLine(line);
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            return lines.ToString();
        }
    }
}
