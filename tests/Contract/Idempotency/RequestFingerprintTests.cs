using System.Text;
using TenantRegistry.Idempotency;

namespace TenantRegistry.Contract.Tests.Idempotency;

/// <summary>
/// The fingerprint a record keeps is compared with its retries' for as long as the record lives (a day by default),
/// across restarts and upgrades: its bytes must not change. The values pinned here were computed by the first
/// version (a JsonNode tree, sorted with LINQ), which the one-pass writer replaced.
/// </summary>
public sealed class RequestFingerprintTests
{
    [Theory]
    [InlineData("/v1/audit", """{"action":"idem.first"}""", "e0f7140cb80f783a0aed2879b3f1d7083545136a5789a12cbc9bd26f9a674dea")]
    [InlineData("/v1/audit", """  {"b" : 1, "a" : [3, {"z": null, "y": true}, "x"] }  """, "a765a77311cd89fcfc0c2451076b3f6fabe57cf5588ff6d233c3f0a952fdf910")]
    [InlineData("/v1/audit", """{"name":"caf\u00e9 \"q\" <tag> & \u002F","n":1.50e2,"neg":-0}""", "89faef6a4354a9e06d08adf7b611fb41d5a76486c7acaedc9a1af07668aa605f")]
    [InlineData("/v1/audit", """{"emoji":"\ud83d\ude00 😀","ctl":"\t\n\u0001"}""", "cc18d319d749ab973d19112669d0dc45012b84b9a1c75c6297b05e60e7ecec37")]
    [InlineData("/v1/audit", """{"a":1,}""", "0186ec79c623622c6e6bb41ae39266000ca66c34e8402283f37ec870fb644171")]
    [InlineData("/v1/audit", "", "bed74280845875e156491fcdbba751038ce8805b4798cbe7d1acb8e4def7bbf4")]
    [InlineData("/v1/tenants/3f8e9f3c-2c8f-4b6a-9d0e-1c2b3a4d5e6f/suspend", """{"reason":"unpaid"}""", "5cade74a2bd589ad10e52ecab9ba3df7f410bd615107a1a3af258da8eeb2833a")]
    public void A_fingerprint_stored_by_the_first_version_is_matched(string path, string body, string stored) =>
        Assert.Equal(stored, Fingerprint(path, body));

    [Fact]
    public void Property_order_white_space_and_escaping_do_not_make_another_request()
    {
        var sent = Fingerprint("/v1/audit", """{"action":"a.b","metadata":{"y":[1,{"q":"é","p":null}],"x":true}}""");

        Assert.Equal(sent, Fingerprint("/v1/audit", """ { "metadata" : { "x" : true , "y" : [ 1 , { "p" : null , "q" : "\u00e9" } ] } , "action" : "a.b" } """));
        Assert.NotEqual(sent, Fingerprint("/v1/audit", """{"action":"a.b","metadata":{"y":[{"q":"é","p":null},1],"x":true}}"""));
        Assert.NotEqual(sent, Fingerprint("/v1/tenants", """{"action":"a.b","metadata":{"y":[1,{"q":"é","p":null}],"x":true}}"""));
    }

    [Fact]
    public void A_repeated_property_keeps_its_place_among_its_namesakes_since_the_last_one_counts()
    {
        var lastIsTwo = Fingerprint("/v1/audit", """{"b":0,"a":1,"a":2}""");

        Assert.Equal(lastIsTwo, Fingerprint("/v1/audit", """{"a":1,"b":0,"a":2}"""));
        Assert.NotEqual(lastIsTwo, Fingerprint("/v1/audit", """{"a":2,"b":0,"a":1}"""));
    }

    [Fact]
    public void A_string_that_is_no_text_once_unescaped_counts_as_the_bytes_sent()
    {
        var loneSurrogate = Fingerprint("/v1/audit", """{"action":"\ud800"}""");

        Assert.Equal(loneSurrogate, Fingerprint("/v1/audit", """{"action":"\ud800"}"""));
        Assert.NotEqual(loneSurrogate, Fingerprint("/v1/audit", """{ "action":"\ud800"}"""));
    }

    private static string Fingerprint(string path, string body) =>
        Convert.ToHexStringLower(RequestFingerprint.Of("POST", path, Encoding.UTF8.GetBytes(body)));
}
