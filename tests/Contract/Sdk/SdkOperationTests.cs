using System.Text.Json.Nodes;
using TenantRegistry.Client;
using TenantRegistry.Contract.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>
/// Issue 21: every SDK method, called against the running service with the inputs <see cref="SdkCases"/> generates
/// from the spec. Each call must succeed (the response is checked against the spec on the way) and put every input
/// on the wire as the spec says. Runs once per store.
/// </summary>
public abstract class SdkOperationTests(RegistryFixture registry, ITestOutputHelper output)
{
    public static TheoryData<string> Cases => [.. SdkCases.Names];

    public static TheoryData<string> NotFoundCases => [.. SdkCases.NotFoundNames];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sdk_method_sends_every_input_as_the_spec_says(string sdkCase)
    {
        var (operation, optional) = SdkCases.Find(sdkCase);
        using var fixtureClient = registry.CreateClient();
        var call = SdkCall.Build(operation, optional, await SdkTargets.ArrangeAsync(fixtureClient, operation));
        var recorder = new RecordingHandler(fixtureClient);
        using var http = new HttpClient(recorder) { BaseAddress = fixtureClient.BaseAddress };

        var result = await call.InvokeAsync(http);

        var exchange = Assert.Single(recorder.Exchanges);
        output.WriteLine(exchange.ToString());
        Assert.True((int)exchange.Status is >= 200 and < 300, exchange.ToString());
        var problems = SdkWire.Problems(call, exchange);
        Assert.True(problems.Count == 0, $"{exchange}{Environment.NewLine}  - {string.Join($"{Environment.NewLine}  - ", problems)}");
        Assert.True(exchange.ResponseBody.Length == 0 || result is not null, $"{operation.Title}: the SDK returned nothing for {exchange.ResponseBody}");
    }

    [Theory]
    [MemberData(nameof(NotFoundCases))]
    public async Task Sdk_method_throws_the_servers_not_found_error(string operationId)
    {
        var operation = SdkOperations.Find(operationId);
        using var fixtureClient = registry.CreateClient();
        var call = SdkCall.Build(operation, null, (await SdkTargets.ArrangeAsync(fixtureClient, operation)).Missing());
        var recorder = new RecordingHandler(fixtureClient);
        using var http = new HttpClient(recorder) { BaseAddress = fixtureClient.BaseAddress };

        var error = await Assert.ThrowsAsync<TenantRegistryApiException<ApiError>>(() => call.InvokeAsync(http));

        var exchange = Assert.Single(recorder.Exchanges);
        output.WriteLine($"{exchange}{Environment.NewLine}threw: {error.Message}");
        var body = JsonNode.Parse(exchange.ResponseBody)!;
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("not_found", error.ErrorCode);
        Assert.Equal((string?)body["message"], error.ErrorMessage);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorMessage));
        Assert.Equal($"not_found: {error.ErrorMessage} (HTTP 404)", error.Message);
        Assert.Equal("not_found", error.Result.Error);
    }
}

public sealed class SdkOperationTestsOnSqlite(SqliteRegistry registry, ITestOutputHelper output)
    : SdkOperationTests(registry, output), IClassFixture<SqliteRegistry>;

public sealed class SdkOperationTestsOnPostgres(PostgresRegistry registry, ITestOutputHelper output)
    : SdkOperationTests(registry, output), IClassFixture<PostgresRegistry>;
