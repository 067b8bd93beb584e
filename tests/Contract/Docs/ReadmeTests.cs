using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TenantRegistry.Contract.Tests.Service;

namespace TenantRegistry.Contract.Tests.Docs;

/// <summary>What the README shows of the shipped files stays what is shipped (the walkthrough script checks the API).</summary>
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

    [GeneratedRegex("```json\\n(?<json>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("\\]\\((?<target>[^)\\s]+)\\)")]
    private static partial Regex MarkdownLink();
}
