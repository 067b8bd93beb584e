using System.Collections.Immutable;
using System.Text.Json;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// A JSON object kept as the raw text of each member, because hostile values include what a JSON DOM refuses to
/// build or write: 10,000 levels of nesting, numbers beyond any .NET type.
/// </summary>
internal sealed record JsonMembers(ImmutableList<KeyValuePair<string, string>> Members)
{
    public JsonMembers With(string name, string json) =>
        new(Members.FindIndex(member => member.Key == name) is var index and >= 0
            ? Members.SetItem(index, KeyValuePair.Create(name, json))
            : Members.Add(KeyValuePair.Create(name, json)));

    public JsonMembers Without(string name) => new(Members.RemoveAll(member => member.Key == name));

    public string ToJson() =>
        "{" + string.Join(',', Members.Select(member => $"{JsonSerializer.Serialize(member.Key)}:{member.Value}")) + "}";
}
