using Xunit.Abstractions;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// A hostile case's name as a theory argument. Serializable, so every case is discovered as a test of its own; not a
/// plain string, because xunit cuts string arguments in test names at 50 characters.
/// </summary>
public sealed class CaseName : IXunitSerializable
{
    private string value = "";

    public CaseName()
    {
    }

    public CaseName(string value) => this.value = value;

    public void Deserialize(IXunitSerializationInfo info) => value = info.GetValue<string>(nameof(value));

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(value), value);

    public override string ToString() => value;
}
