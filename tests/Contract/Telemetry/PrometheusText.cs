using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every line is a comment, a HELP or TYPE line,
/// or a sample of a family declared by TYPE before it; names, labels, escapes and values follow the format's grammar.
/// Anything else throws, naming the line.
/// </summary>
public sealed partial class PrometheusText
{
    private static readonly string[] FamilySuffixes = ["_total", "_created", "_bucket", "_count", "_sum", "_info"];

    private PrometheusText(Dictionary<string, string> types, List<PrometheusSample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Family name → counter, gauge, histogram, summary or untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                ReadComment(line, number, types);
                continue;
            }

            var sample = ReadSample(line, number);
            if (FamilyOf(sample.Name, types) is null)
            {
                throw new FormatException($"line {number}: sample '{sample.Name}' belongs to no family declared by # TYPE: {line}");
            }

            samples.Add(sample);
        }

        if (!text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        return new PrometheusText(types, samples);
    }

    /// <summary>The value of the one sample with this name and these labels (others may be present), or null.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var matching = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();
        return matching.Count switch
        {
            0 => null,
            1 => matching[0].Value,
            _ => throw new InvalidOperationException($"{matching.Count} samples of {name} match {string.Join(",", labels)}"),
        };
    }

    private static string? FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        return FamilySuffixes.Where(sampleName.EndsWith).Select(suffix => sampleName[..^suffix.Length]).FirstOrDefault(types.ContainsKey);
    }

    private static void ReadComment(string line, int number, Dictionary<string, string> types)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 2 || parts[0] != "#" || parts[1] is not ("TYPE" or "HELP"))
        {
            return; // A plain comment.
        }

        if (parts.Length < 3 || !MetricName().IsMatch(parts[2]))
        {
            throw new FormatException($"line {number}: {parts[1]} without a valid metric name: {line}");
        }

        if (parts[1] == "TYPE")
        {
            if (parts.Length != 4 || parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
            {
                throw new FormatException($"line {number}: unknown metric type: {line}");
            }

            if (!types.TryAdd(parts[2], parts[3]))
            {
                throw new FormatException($"line {number}: second TYPE line for {parts[2]}");
            }
        }
    }

    private static PrometheusSample ReadSample(string line, int number)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"line {number}: not a sample: {line}");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var labelText = match.Groups["labels"].Value;
        var position = 0;
        while (position < labelText.Length)
        {
            var label = LabelPair().Match(labelText, position);
            if (!label.Success || label.Index != position)
            {
                throw new FormatException($"line {number}: malformed labels at '{labelText[position..]}'");
            }

            if (!labels.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value, number)))
            {
                throw new FormatException($"line {number}: label {label.Groups["name"].Value} twice");
            }

            position += label.Length;
        }

        var value = match.Groups["value"].Value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            var text => throw new FormatException($"line {number}: '{text}' is not a sample value"),
        };
        return new PrometheusSample(match.Groups["name"].Value, labels, value);
    }

    private static string Unescape(string escaped, int number)
    {
        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                text.Append(escaped[i]);
                continue;
            }

            text.Append(++i < escaped.Length ? escaped[i] switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                var other => throw new FormatException($"line {number}: escape \\{other} is not allowed in a label value"),
            } : throw new FormatException($"line {number}: a label value ends in a backslash"));
        }

        return text.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    // Label values may hold braces (route templates do): inside quotes anything goes but an unescaped quote.
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([^""}]|""(\\.|[^""\\])*"")*)\})? (?<value>\S+)( -?[0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)"",?")]
    private static partial Regex LabelPair();
}

public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
