using NSwag;
using NSwag.CodeGeneration.CSharp;
using TenantRegistry.Client.Generator;

// Usage: TenantRegistry.Client.Generator <spec/openapi.yaml> <output .cs file>
//
// Why a program and not a second openApiToCSharpClient block in nswag.json: NSwag's naming (property, parameter and
// type names) is only pluggable in code, and the stock names are the wire names (Tenant_id, Api_key, tenant_id
// parameters). Everything else is NSwag's own client generator with the templates in Templates/.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TenantRegistry.Client.Generator <openapi.yaml> <output.cs>");
    return 2;
}

var (specPath, outputPath) = (args[0], args[1]);
var document = await OpenApiYamlDocument.FromFileAsync(specPath);
StreamedResponses.AsStreams(document);
var settings = SdkSettings.Create(Path.Combine(AppContext.BaseDirectory, "Templates"));
var client = new CSharpClientGenerator(document, settings).GenerateFile();
var entryPoint = EntryPoint.Generate(document, settings);

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
// Generated code is not held to the hand-written rules (warnings as errors); the SDK's own files are.
await File.WriteAllTextAsync(outputPath, $"#pragma warning disable{Environment.NewLine}{client}{Environment.NewLine}{entryPoint}");
Console.WriteLine($"TenantRegistry.Client: {outputPath} from {specPath} (contract version {document.Info.Version})");
return 0;
