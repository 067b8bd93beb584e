using System.Text;
using System.Text.Json;
using TenantRegistry.Audit.Evidence;

namespace TenantRegistry.Contract.Tests.Audit.Evidence;

/// <summary>RFC 8785: the number examples of its appendix B and §3.2.2.3, and its §3.2.3 sorting example.</summary>
public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("1e2", "100")]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e23", "1e+23")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("9007199254740992", "9007199254740992")]
    [InlineData("295147905179352830000", "295147905179352830000")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("-1.5e-10", "-1.5e-10")]
    [InlineData("123456789012345680000", "123456789012345680000")]
    public void Numbers_are_written_as_ecmascript_writes_them(string json, string canonical) =>
        Assert.Equal(canonical, Canonical(json));

    [Fact]
    public void Members_are_sorted_by_utf16_code_units_and_nothing_else_is_added() =>
        Assert.Equal("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
            Canonical("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}"));

    [Fact]
    public void Strings_escape_only_what_json_requires() =>
        Assert.Equal("[\"\\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\",\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"]".Replace("\\u20ac", "€", StringComparison.Ordinal),
            Canonical("[\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"]"));

    [Fact]
    public void Whitespace_and_literals_come_out_minimal() =>
        Assert.Equal("{\"a\":[true,false,null,{}],\"b\":[]}", Canonical(" { \"b\" : [ ] , \"a\" : [ true , false , null , { } ] } "));

    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement));
    }
}
