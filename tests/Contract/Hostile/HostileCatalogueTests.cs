using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// Issue 16: the generator makes every class of bad input for every operation, parameter and body property of the
/// spec, so a class cannot quietly stop being generated for one of them (or never start for a new one).
/// </summary>
public sealed class HostileCatalogueTests
{
    private static readonly HashSet<string> Names = [.. HostileCatalogue.Names];
    private static readonly IReadOnlyList<OperationShape> Operations = [.. OperationShapes.All(ContractDocument.Shared.Value)];

    [Fact]
    public void Every_operation_meets_the_protocol_limits() =>
        AssertGenerated(Operations.SelectMany(operation => new[]
        {
            $"{operation.Title}: request line of over 65 KiB",
            $"{operation.Title}: headers of over 33 KiB",
        }));

    [Fact]
    public void Every_body_gets_every_charset_and_content_type_case() =>
        AssertGenerated(Operations.Where(operation => operation.Body is not null).SelectMany(operation => new[]
        {
            "UTF-16 body declared as charset=utf-16", "bytes that do not decode, declared as charset=utf-16",
            "Latin-1 body declared as charset=iso-8859-1", "Latin-1 body declared as application/json",
            "content type Application/JSON; Charset=\"UTF-8\" is read as JSON", "content type application/json; foo=bar",
            "content type text/json", "body of 1 MiB + 1 byte", "body of 1 MiB + 1 byte, chunked", "body of 8 MiB",
        }.Select(what => $"{operation.Title}: {what}")));

    [Fact]
    public void Every_string_property_gets_a_NUL_and_an_unpaired_surrogate() =>
        AssertGenerated(Properties().Where(property => (string?)property.Schema["type"] == "string").SelectMany(property => new[]
        {
            $"{property.Title}: property '{property.Name}' with a NUL character",
            $"{property.Title}: property '{property.Name}' with an unpaired surrogate",
        }));

    [Fact]
    public void Every_enum_gets_its_member_with_space_around_it_and_in_another_case() =>
        AssertGenerated(Properties().Select(property => (property.Title, Where: $"property '{property.Name}'", property.Schema))
            .Concat(Parameters().Select(parameter => (parameter.Title, Where: $"{parameter.In} '{parameter.Name}'", parameter.Schema)))
            .Where(input => input.Schema["enum"] is not null)
            .SelectMany(input =>
            {
                var member = (string)input.Schema["enum"]![0]!;
                return new[] { $" {member}", $"{member} ", $"\t{member}", char.ToUpperInvariant(member[0]) + member[1..] }
                    .Select(wrong => $"{input.Title}: {input.Where} = '{wrong}'");
            }));

    [Fact]
    public void Every_string_parameter_gets_a_NUL() =>
        AssertGenerated(Parameters().Where(parameter => (string?)parameter.Schema["type"] == "string")
            .Select(parameter => $"{parameter.Title}: {parameter.In} '{parameter.Name}' with a NUL character"));

    [Fact]
    public void Every_query_parameter_is_given_twice_and_under_another_case_of_its_name() =>
        AssertGenerated(Parameters().Where(parameter => parameter.In == "query").SelectMany(parameter => new[]
        {
            $"{parameter.Title}: query '{parameter.Name}' given twice",
            $"{parameter.Title}: query '{parameter.Name}' named '{parameter.Name.ToUpperInvariant()}' = '{WrongValues.RefusedBy(parameter.Schema)}'",
        }));

    [Fact]
    public void Every_integer_query_parameter_is_given_empty_and_in_other_notations() =>
        AssertGenerated(Parameters().Where(parameter => parameter.In == "query" && (string?)parameter.Schema["type"] == "integer")
            .SelectMany(parameter => new[] { "given empty", "= '+5'", "= ' 5'", "= '0x5'", "= '5.0'", "= '5e0'", "= '\u0665'" }
                .Select(what => $"{parameter.Title}: query '{parameter.Name}' {(parameter.Schema["minimum"] is { } minimum && minimum.ToJsonString() != "0" ? what.Replace("5", minimum.ToJsonString(), StringComparison.Ordinal) : what)}")));

    private static IEnumerable<(string Title, string Name, System.Text.Json.Nodes.JsonObject Schema)> Properties() =>
        Operations.SelectMany(operation => (operation.Body?.Properties ?? []).Select(property => (operation.Title, property.Name, property.Schema)));

    private static IEnumerable<(string Title, string Name, string In, System.Text.Json.Nodes.JsonObject Schema)> Parameters() =>
        Operations.SelectMany(operation => operation.Parameters.Select(parameter => (operation.Title, parameter.Name, parameter.In, parameter.Schema)));

    private static void AssertGenerated(IEnumerable<string> expected)
    {
        var wanted = expected.ToList();
        Assert.NotEmpty(wanted);
        var missing = wanted.Where(name => !Names.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"not generated:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }
}
