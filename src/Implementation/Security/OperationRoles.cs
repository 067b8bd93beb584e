using YamlDotNet.RepresentationModel;

namespace TenantRegistry.Security;

/// <summary>
/// Which roles open which operation, read from the contract itself (`x-required-roles` on each operation), so the
/// spec a client reads and the rule the service applies cannot differ. An operation with `security: []` is open.
/// An operation that declares neither stops the start: nothing is reachable by default.
/// </summary>
public sealed class OperationRoles
{
    public const string Extension = "x-required-roles";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private readonly Dictionary<string, IReadOnlySet<string>?> byOperation = new(StringComparer.Ordinal);

    public OperationRoles(string specPath)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(specPath))
        {
            yaml.Load(reader);
        }

        var paths = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("paths")];
        foreach (var (_, pathItem) in paths.Children)
        {
            foreach (var (method, operation) in ((YamlMappingNode)pathItem).Children)
            {
                if (Methods.Contains(((YamlScalarNode)method).Value) && operation is YamlMappingNode node)
                {
                    Read(node);
                }
            }
        }
    }

    /// <returns>The roles that open the operation, or null when it is open to everyone.</returns>
    public IReadOnlySet<string>? Of(string operationId) =>
        byOperation.TryGetValue(operationId, out var roles)
            ? roles
            : throw new InvalidOperationException($"operation '{operationId}' is not in the contract");

    private void Read(YamlMappingNode operation)
    {
        var id = Scalar(operation, "operationId") ?? throw new FormatException("an operation in the contract has no operationId");
        var open = operation.Children.TryGetValue(new YamlScalarNode("security"), out var security) && security is YamlSequenceNode { Children.Count: 0 };
        if (open)
        {
            byOperation[id] = null;
            return;
        }

        if (!operation.Children.TryGetValue(new YamlScalarNode(Extension), out var declared) || declared is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw new FormatException($"operation '{id}' declares neither {Extension} nor `security: []`; every operation must say who may call it");
        }

        var roles = list.Children.Select(role => ((YamlScalarNode)role).Value ?? "").ToHashSet(StringComparer.Ordinal);
        if (roles.FirstOrDefault(role => !Roles.All.Contains(role)) is { } unknown)
        {
            throw new FormatException($"operation '{id}': {Extension} names '{unknown}', which is not one of {string.Join(", ", Roles.All)}");
        }

        byOperation[id] = roles;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
