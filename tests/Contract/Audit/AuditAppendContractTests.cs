using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>POST /v1/audit: what is stored, what is refused, where the bounds are; runs once per store.</summary>
public abstract class AuditAppendContractTests(RegistryFixture registry)
{
    private const int MaxText = 1024;
    private const int MaxMetadataBytes = 64 * 1024;

    private readonly HttpClient client = registry.CreateClient();

    [Theory]
    [InlineData("tenant.created")]
    [InlineData("api_key.created")]
    [InlineData("catalog.requested")]
    [InlineData("entitlement.expired")]
    public async Task The_registrys_own_namespaces_are_refused_in_every_mode(string action)
    {
        var response = await client.PostJsonAsync("/v1/audit", new JsonObject { ["action"] = action });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("registry's own namespace", (string)(await response.ReadObjectAsync())["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_authentication_no_submitter_is_recorded()
    {
        var response = await client.PostJsonAsync("/v1/audit", new JsonObject { ["action"] = "document.viewed" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False((await response.ReadObjectAsync()).ContainsKey("recorded_by"));
    }

    [Fact]
    public async Task Appended_event_is_returned_exactly_as_a_later_list_shows_it()
    {
        var tenantId = Guid.NewGuid().ToString();
        var body = JsonNode.Parse($$"""
            {
              "tenant_id": "{{tenantId}}",
              "project_id": "{{Guid.NewGuid()}}",
              "actor_id": "user-17",
              "actor_name": "Jane Doe",
              "actor_type": "user",
              "action": "document.signed",
              "target_id": "doc-9",
              "target_type": "document",
              "target_name": "Contract 2026 – Müller & Söhne",
              "product": "signing",
              "metadata": { "zeta": 1, "alpha": [true, null, 2.50, "x"], "nested": { "emoji": "😀", "empty": {} } }
            }
            """)!.AsObject();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audit") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.UserAgent.ParseAdd("signing-service/2.1");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadObjectAsync();
        Assert.True((long)created["id"]! > 0);
        Assert.Equal(registry.App.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'"), (string?)created["created_at"]);
        Assert.Equal("signing-service/2.1", (string?)created["user_agent"]);
        foreach (var (field, value) in body)
        {
            Assert.True(JsonNode.DeepEquals(value, created[field]), $"{field}: sent {value?.ToJsonString()}, got {created[field]?.ToJsonString()}");
        }

        var listed = Assert.Single((await client.ListAuditAsync($"tenant_id={tenantId}")).Items());
        Assert.Equal(created.ToJsonString(), listed.ToJsonString());
    }

    [Fact]
    public async Task Minimal_event_omits_every_unset_field()
    {
        var created = await client.AppendAuditAsync(new JsonObject { ["action"] = "heartbeat" });

        Assert.Equal(["action", "created_at", "id"], created.Select(property => property.Key).Order());
        Assert.EndsWith("Z", (string)created["created_at"]!);
    }

    [Fact]
    public async Task Server_owned_fields_in_the_body_are_ignored()
    {
        var created = await client.AppendAuditAsync(JsonNode.Parse("""
            {"action":"spoof.attempt","id":1,"created_at":"2000-01-01T00:00:00Z","source_ip":"192.0.2.1","user_agent":"forged"}
            """)!.AsObject());

        Assert.NotEqual("2000-01-01T00:00:00Z", (string?)created["created_at"]);
        Assert.False(created.ContainsKey("source_ip"), "the in-memory test connection has no peer address");
        Assert.NotEqual("forged", (string?)created["user_agent"]);
    }

    [Theory]
    [InlineData("action")]
    [InlineData("actor_id")]
    [InlineData("actor_name")]
    [InlineData("actor_type")]
    [InlineData("target_id")]
    [InlineData("target_type")]
    [InlineData("target_name")]
    [InlineData("product")]
    public async Task String_fields_take_1024_characters_and_refuse_1025(string field)
    {
        var longest = await client.PostJsonAsync("/v1/audit", WithField(field, new string('a', MaxText)));
        var tooLong = await client.PostJsonAsync("/v1/audit", WithField(field, new string('a', MaxText + 1)));

        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(MaxText, ((string)(await longest.ReadObjectAsync())[field]!).Length);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var error = await tooLong.ReadObjectAsync();
        Assert.Equal("invalid_input", (string?)error["error"]);
        Assert.Equal($"{field} is longer than 1024 characters", (string?)error["message"]);
    }

    [Fact]
    public async Task Length_counts_characters_not_utf16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", MaxText));

        var created = await client.AppendAuditAsync(new JsonObject { ["action"] = "emoji", ["target_name"] = emoji });

        Assert.Equal(emoji, (string?)created["target_name"]);
    }

    [Theory]
    [InlineData("""{"action":""}""")]
    [InlineData("""{"action":"   "}""")]
    [InlineData("""{"action":"\t\n"}""")]
    [InlineData("""{"action":null}""")]
    [InlineData("""{"action":42}""")]
    [InlineData("""{"actor_id":"no-action"}""")]
    [InlineData("""{"action":"x","tenant_id":"not-a-uuid"}""")]
    [InlineData("""{"action":"x","tenant_id":""}""")]
    [InlineData("""{"action":"x","tenant_id":42}""")]
    [InlineData("""{"action":"x","project_id":"1234"}""")]
    [InlineData("""{"action":"x","project_id":"6f1c0c8e-1d2b-4c7e-9a51"}""")]
    [InlineData("""{"action":"x","product":["a"]}""")]
    [InlineData("""{"action":"nul\u0000inside"}""")]
    [InlineData("""{"action":"x","actor_id":"\u0000"}""")]
    [InlineData("""{"action":"\ud800"}""")]
    [InlineData("""{"action":"x",""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public async Task Malformed_appends_are_refused(string body)
    {
        var response = await client.PostJsonAsync("/v1/audit", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ReadObjectAsync();
        Assert.Equal("invalid_input", (string?)error["error"]);
        Assert.DoesNotContain("System.", (string?)error["message"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"a\":1}]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("true")]
    public async Task Metadata_must_be_an_object(string metadata)
    {
        var response = await client.PostJsonAsync("/v1/audit", $$"""{"action":"x","metadata":{{metadata}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("metadata must be a JSON object", (string?)(await response.ReadObjectAsync())["message"]);
    }

    [Fact]
    public async Task Null_metadata_is_no_metadata()
    {
        var created = await client.AppendAuditAsync(JsonNode.Parse("""{"action":"x","metadata":null}""")!.AsObject());

        Assert.False(created.ContainsKey("metadata"));
    }

    [Fact]
    public async Task Metadata_of_64_KiB_is_stored_and_one_byte_more_is_refused()
    {
        static string Metadata(int bytes) => $$"""{"blob":"{{new string('x', bytes - """{"blob":""}""".Length)}}"}""";

        var largest = await client.PostJsonAsync("/v1/audit", $$"""{"action":"big","metadata":{{Metadata(MaxMetadataBytes)}}}""");
        var tooLarge = await client.PostJsonAsync("/v1/audit", $$"""{"action":"big","metadata":{{Metadata(MaxMetadataBytes + 1)}}}""");

        Assert.Equal(HttpStatusCode.Created, largest.StatusCode);
        Assert.Equal(MaxMetadataBytes - 11, ((string)(await largest.ReadObjectAsync())["metadata"]!["blob"]!).Length);
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Equal("metadata is larger than 65536 bytes", (string?)(await tooLarge.ReadObjectAsync())["message"]);
    }

    [Fact]
    public async Task Metadata_size_counts_utf8_bytes()
    {
        // "ü" is two bytes in UTF-8: half as many characters reach the same bound.
        var umlauts = new string('ü', (MaxMetadataBytes - """{"blob":""}""".Length) / 2 + 1);

        var response = await client.PostJsonAsync("/v1/audit", $$$"""{"action":"big","metadata":{"blob":"{{{umlauts}}}"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public async Task Metadata_may_nest_10_levels(int levels, bool accepted)
    {
        var objects = await client.PostJsonAsync("/v1/audit", $$"""{"action":"deep","metadata":{{Nested(levels, "{\"k\":", "}")}}}""");
        var arrays = await client.PostJsonAsync("/v1/audit", $$$"""{"action":"deep","metadata":{"k":{{{Nested(levels - 1, "[", "]")}}}}}""");

        var expected = accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest;
        Assert.Equal(expected, objects.StatusCode);
        Assert.Equal(expected, arrays.StatusCode);
        if (!accepted)
        {
            Assert.Equal("metadata is nested deeper than 10 levels", (string?)(await objects.ReadObjectAsync())["message"]);
        }
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "metadata has the key 'a' twice in one object")]
    [InlineData("""{"a":{"b":1,"b":1}}""", "metadata has the key 'b' twice in one object")]
    [InlineData("""{"a":"nul\u0000"}""", "metadata must not contain NUL (\\u0000) characters")]
    [InlineData("""{"nul\u0000":1}""", "metadata must not contain NUL (\\u0000) characters")]
    [InlineData("""{"a":"\udc00"}""", "metadata contains an invalid \\u escape")]
    [InlineData("""{"a":1e400}""", "metadata holds the number 1e400, beyond the range of a 64-bit float")]
    [InlineData("""{"a":[-1E-400]}""", "metadata holds the number -1E-400, beyond the range of a 64-bit float")]
    public async Task Metadata_that_a_store_could_not_keep_alike_is_refused(string metadata, string message)
    {
        var response = await client.PostJsonAsync("/v1/audit", $$"""{"action":"odd","metadata":{{metadata}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (string?)(await response.ReadObjectAsync())["message"]);
    }

    [Fact]
    public async Task Metadata_numbers_within_a_64_bit_float_are_kept()
    {
        var created = await client.AppendAuditAsync(JsonNode.Parse("""{"action":"numbers","metadata":{"max":1.7976931348623157e308,"tiny":5e-324,"zero":0.0,"neg":-0}}""")!.AsObject());

        var metadata = created["metadata"]!;
        Assert.Equal(double.MaxValue, (double)metadata["max"]!);
        Assert.Equal(double.Epsilon, (double)metadata["tiny"]!);
        Assert.Equal(0d, (double)metadata["zero"]!);
        Assert.Equal(0d, (double)metadata["neg"]!);
    }

    [Fact]
    public async Task Long_user_agent_is_cut_to_1024_characters_not_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audit") { Content = System.Net.Http.Json.JsonContent.Create(new JsonObject { ["action"] = "ua" }) };
        request.Headers.TryAddWithoutValidation("User-Agent", new string('u', 3000));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new string('u', MaxText), (string?)(await response.ReadObjectAsync())["user_agent"]);
    }

    [Fact]
    public async Task Wrong_content_type_is_bad_input()
    {
        var response = await client.PostAsync("/v1/audit", new StringContent("""{"action":"x"}""", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    private static string WithField(string field, string value) =>
        field == "action" ? new JsonObject { ["action"] = value }.ToJsonString() : new JsonObject { ["action"] = "bounds", [field] = value }.ToJsonString();

    private static string Nested(int levels, string open, string close) =>
        string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels));
}

public sealed class AuditAppendContractTestsOnSqlite(SqliteRegistry registry) : AuditAppendContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class AuditAppendContractTestsOnPostgres(PostgresRegistry registry) : AuditAppendContractTests(registry), IClassFixture<PostgresRegistry>;
