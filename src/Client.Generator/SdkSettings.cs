using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace TenantRegistry.Client.Generator;

/// <summary>The SDK's NSwag client settings: what nswag.json's openApiToCSharpClient block held, plus the naming.</summary>
internal static class SdkSettings
{
    public const string Namespace = "TenantRegistry.Client";

    public static CSharpClientGeneratorSettings Create(string templateDirectory)
    {
        var settings = new CSharpClientGeneratorSettings
        {
            // One client class per tag (TenantsClient, AuditClient, ...), methods named after the operationId.
            ClassName = "{controller}Client",
            OperationNameGenerator = new MultipleClientsFromFirstTagAndOperationIdGenerator(),
            ParameterNameGenerator = new SdkParameterNames(),
            GenerateClientInterfaces = true,
            InjectHttpClient = true,
            DisposeHttpClient = false,
            // The base address is the HttpClient's; PrepareRequest (EntryPoint) keeps its path segments.
            UseBaseUrl = false,
            // Without it an optional parameter can precede a required one (CS1737).
            GenerateOptionalParameters = true,
            // TenantRegistryApiException is hand-written: it reads the server's Error body into its message.
            GenerateExceptionClasses = false,
            ExceptionClass = "TenantRegistryApiException",
            WrapDtoExceptions = true,
        };

        var dto = settings.CSharpGeneratorSettings;
        dto.Namespace = Namespace;
        dto.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        // 9.0 and later write enums with JsonStringEnumMemberName, so they go over the wire lower-case as in the spec.
        dto.JsonLibraryVersion = 9.0m;
        // Null omission for optional properties and UTC timestamps: WireFormat, one place for the SDK's JSON.
        dto.JsonSerializerSettingsTransformationMethod = "WireFormat.Configure";
        // A missing required property in a response is an error, not a silent default Guid or enum.
        dto.UseRequiredKeyword = true;
        dto.DateType = "System.DateOnly";
        dto.DateTimeType = "System.DateTimeOffset";
        dto.ArrayType = "System.Collections.Generic.List";
        dto.ArrayInstanceType = "System.Collections.Generic.List";
        dto.ArrayBaseType = "System.Collections.Generic.List";
        dto.DictionaryType = "System.Collections.Generic.IDictionary";
        dto.DictionaryInstanceType = "System.Collections.Generic.Dictionary";
        dto.GenerateDataAnnotations = false;
        dto.GenerateNullableReferenceTypes = true;
        dto.GenerateOptionalPropertiesAsNullable = true;
        dto.GenerateDefaultValues = true;
        dto.GenerateJsonMethods = false;
        dto.PropertyNameGenerator = new SdkPropertyNames();
        dto.TypeNameGenerator = new SdkTypeNames();
        dto.TemplateDirectory = templateDirectory;
        return settings;
    }
}
