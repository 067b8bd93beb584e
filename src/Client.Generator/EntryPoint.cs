using System.Text;
using NSwag;
using NSwag.CodeGeneration.CSharp;

namespace TenantRegistry.Client.Generator;

/// <summary>
/// The part of <c>TenantRegistryClient</c> that depends on the spec: one property per generated client class (per tag),
/// and, in every client class, the hook that prepares each request (SdkRequests). A new tag
/// in the spec becomes a new property here without any hand edit.
/// </summary>
internal static class EntryPoint
{
    public static string Generate(OpenApiDocument document, CSharpClientGeneratorSettings settings)
    {
        var clients = document.Operations
            .Select(operation => settings.OperationNameGenerator.GetClientName(document, operation.Path, operation.Method, operation.Operation))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(name => (Property: SdkNames.Pascal(name), Class: settings.ClassName.Replace("{controller}", name, StringComparison.Ordinal)))
            .ToList();

        var code = new StringBuilder();
        code.AppendLine($"namespace {SdkSettings.Namespace}");
        code.AppendLine("{");
        code.AppendLine("    public partial class TenantRegistryClient");
        code.AppendLine("    {");
        foreach (var (property, type) in clients)
        {
            code.AppendLine($"        /// <summary>The {Describe(document, property)} operations.</summary>");
            code.AppendLine($"        public I{type} {property} {{ get; }}");
            code.AppendLine();
        }

        code.AppendLine("        /// <summary>Every feature client interface and how to get it from an entry point, for dependency injection.</summary>");
        code.AppendLine("        internal static readonly (System.Type Service, System.Func<TenantRegistryClient, object> Get)[] FeatureClients =");
        code.AppendLine("        [");
        foreach (var (property, type) in clients)
        {
            code.AppendLine($"            (typeof(I{type}), registry => registry.{property}),");
        }

        code.AppendLine("        ];");
        code.AppendLine();
        code.AppendLine("        private TenantRegistryClient(System.Net.Http.HttpClient httpClient, bool _)");
        code.AppendLine("        {");
        foreach (var (property, type) in clients)
        {
            code.AppendLine($"            {property} = new {type}(httpClient);");
        }

        code.AppendLine("        }");
        code.AppendLine("    }");
        foreach (var (_, type) in clients)
        {
            code.AppendLine();
            code.AppendLine($"    public partial class {type}");
            code.AppendLine("    {");
            code.AppendLine("        partial void PrepareRequest(System.Net.Http.HttpClient client, System.Net.Http.HttpRequestMessage request, System.Text.StringBuilder urlBuilder) =>");
            code.AppendLine("            SdkRequests.Prepare(client, request, urlBuilder);");
            code.AppendLine("    }");
        }

        code.AppendLine("}");
        return code.ToString();
    }

    private static string Describe(OpenApiDocument document, string tag) =>
        document.Tags.FirstOrDefault(candidate => SdkNames.Pascal(candidate.Name) == tag)?.Description is { Length: > 0 } description
            ? $"{tag} ({description.Trim().TrimEnd('.')})"
            : tag;
}
