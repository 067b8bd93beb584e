using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TenantRegistry.Contract.Tests.Service;

namespace TenantRegistry.Contract.Tests.Docs;

/// <summary>
/// What the README shows of the shipped files and code stays what is shipped: the catalog, the error codes, the
/// migrations in the start-up log, the SDK example (the walkthrough script checks the API's answers).
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = ServiceContractTests.RepositoryRoot();

    [Fact]
    public void The_catalog_example_shows_shipped_products_exactly_as_shipped()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var section = readme[readme.IndexOf("## Changing the catalog", StringComparison.Ordinal)..];
        var example = JsonNode.Parse(JsonBlock().Match(section).Groups["json"].Value)!["Catalog"]!["Products"]!.AsArray();
        var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "src", "Implementation", "appsettings.json")))!["Catalog"]!["Products"]!.AsArray();

        Assert.NotEmpty(example);
        foreach (var product in example)
        {
            var key = (string)product!["Key"]!;
            var same = shipped.SingleOrDefault(candidate => (string?)candidate!["Key"] == key);
            Assert.True(same is not null, $"the README shows product '{key}', which is not shipped");
            Assert.True(JsonNode.DeepEquals(same, product), $"the README's '{key}' differs from appsettings.json:\n{product}\nshipped:\n{same}");
        }
    }

    [Fact]
    public void The_docs_link_only_to_files_in_this_repository()
    {
        var documents = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md"));
        foreach (var document in documents)
        {
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(document)))
            {
                var target = link.Groups["target"].Value.Split('#')[0];
                Assert.False(target.Contains("://", StringComparison.Ordinal), $"{Path.GetFileName(document)} links outside the repository: {target}");
                if (target.Length > 0)
                {
                    var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, target));
                    Assert.True(resolved.StartsWith(Root, StringComparison.Ordinal) && (File.Exists(resolved) || Directory.Exists(resolved)),
                        $"{Path.GetFileName(document)} links to {target}, which is not in the repository");
                }
            }
        }
    }

    [Theory]
    [InlineData("README.md", "## Error codes")]
    [InlineData("src/Client/README.md", "## Errors")]
    public void The_error_codes_listed_are_every_code_the_service_answers(string document, string heading)
    {
        var section = Section(File.ReadAllText(Path.Combine(Root, document)), heading);
        var listed = CodeName().Matches(section).Select(match => match.Groups["code"].Value).ToHashSet();

        Assert.Equal(ServiceErrorCodes().Order(), listed.Intersect(ServiceErrorCodes()).Order());
    }

    [Fact]
    public void The_start_up_log_shown_names_every_shipped_migration()
    {
        var shipped = typeof(TenantRegistry.Store.StoreMigrator).Assembly.GetTypes()
            .Where(type => type.Namespace == "TenantRegistry.Store.Migrations" && type.IsSubclassOf(typeof(FluentMigrator.Migration)))
            .Select(type => type.Name).Order(StringComparer.Ordinal).ToList();

        var line = MigrationsLine().Match(File.ReadAllText(Path.Combine(Root, "README.md")));

        Assert.True(line.Success, "the README shows no 'Migrations applied now' line");
        Assert.Equal($"{string.Join(", ", shipped)}; the schema is current at {shipped[^1]}", line.Groups["list"].Value);
    }

    [Fact]
    public void The_sdk_example_compiles_against_the_sdk()
    {
        var example = CSharpBlock().Match(Section(File.ReadAllText(Path.Combine(Root, "README.md")), "## Using the C# SDK"));
        Assert.True(example.Success, "the README's SDK section has no C# example");
        // The implicit usings of a console project, which the example relies on like a product team's would.
        const string implicitUsings = "global using System; global using System.Net.Http; global using System.Threading.Tasks;";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(TenantRegistry.Client.TenantRegistryClient).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));

        var compilation = CSharpCompilation.Create("ReadmeExample",
            [CSharpSyntaxTree.ParseText(implicitUsings), CSharpSyntaxTree.ParseText(example.Groups["code"].Value)],
            references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);

        Assert.True(emitted.Success, "the README's SDK example does not compile:\n" + string.Join("\n", emitted.Diagnostics
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
    }

    private static IEnumerable<string> ServiceErrorCodes() => typeof(TenantRegistry.Errors.ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetRawConstantValue()!);

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{heading}'");
        var next = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? markdown[start..] : markdown[start..next];
    }

    [GeneratedRegex("`(?<code>[a-z_]+)`")]
    private static partial Regex CodeName();

    [GeneratedRegex("Migrations applied now: (?<list>[^\\n]+)")]
    private static partial Regex MigrationsLine();

    [GeneratedRegex("```csharp\\n(?<code>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("```json\\n(?<json>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("\\]\\((?<target>[^)\\s]+)\\)")]
    private static partial Regex MarkdownLink();
}
