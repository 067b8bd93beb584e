using System.Text.Json;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Drift;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Docs;

/// <summary>
/// <c>/docs</c> in a real headless browser (Debian's chromium, driven by playwright-core): every operation of the
/// spec is rendered, tags read as words, and the page neither requests nor links to anything outside loopback.
/// The page does not touch the store, so this runs on the embedded SQLite store only.
/// </summary>
public sealed class DocsPageBrowserTests
{
    private static readonly string[] OutsideServiceButtons = ["Ask AI", "Generate SDK", "Deploy", "Developer Tools"];

    [Fact]
    public async Task The_docs_page_renders_every_operation_and_stays_on_loopback()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: ./build.sh --target=Test installs Debian's chromium (apt-get install chromium) when it is.");
        await using var service = await ServiceProcess.StartAsync(StoreSettings.FreshSqlite());

        var page = await RenderAsync(new Uri(service.Address, "/docs/"), chromium);

        var outside = Strings(page["requests"]).Where(url => !OnLoopback(url)).ToList();
        Assert.True(outside.Count == 0, "the page requested outside loopback:\n" + string.Join("\n", outside));
        var outsideLinks = Strings(page["links"]).Where(url => !OnLoopback(url) && !url.StartsWith("mailto:", StringComparison.Ordinal)).ToList();
        Assert.True(outsideLinks.Count == 0, "the page shows links outside loopback:\n" + string.Join("\n", outsideLinks));
        Assert.Empty(Strings(page["failures"]));

        var ids = Strings(page["ids"]).ToList();
        var unrendered = RoutedOperation.AllOf(ContractDocument.Shared.Value.Root)
            .Where(operation => !ids.Any(id => id.EndsWith($"/{operation.Method}{operation.Path}", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unrendered.Count == 0, "operations of the spec missing from the page:\n" + string.Join("\n", unrendered));

        var text = page["text"]!.GetValue<string>();
        foreach (var button in OutsideServiceButtons)
        {
            Assert.DoesNotContain(button, text, StringComparison.Ordinal);
        }

        foreach (var tag in ContractDocument.Shared.Value.Root["tags"]?.AsArray() ?? [])
        {
            var shown = tag?["x-displayName"]?.GetValue<string>() ?? tag?["name"]?.GetValue<string>();
            Assert.Contains($"\n{shown}\n", text, StringComparison.Ordinal);
        }
    }

    private static async Task<JsonNode> RenderAsync(Uri docs, string chromium)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Consumers", "docs-page", "render-docs.mjs");
        var (exitCode, output) = await NodeTools.RunAsync("node", [script, docs.ToString(), chromium, NodeTools.ToolPath("playwright-core", "index.mjs")],
            AppContext.BaseDirectory, TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, output);
        var json = output.Split('\n').Last(line => line.StartsWith('{'));
        return JsonNode.Parse(json) ?? throw new JsonException("render-docs.mjs printed no result:\n" + output);
    }

    private static IEnumerable<string> Strings(JsonNode? array) =>
        (array?.AsArray() ?? []).Select(item => item!.GetValue<string>());

    private static bool OnLoopback(string url) =>
        url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal) || url.StartsWith("about:", StringComparison.Ordinal)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback);
}
