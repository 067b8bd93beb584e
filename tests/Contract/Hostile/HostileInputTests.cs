using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using Xunit.Abstractions;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// Issue 6, hostile input: every request <see cref="HostileCatalogue"/> generates from spec/openapi.yaml gets a 4xx
/// the operation declares (413 for an oversized body) with the Error body, or verify's {"valid":false}; never a
/// 5xx, never server internals. Runs once per store.
/// </summary>
public abstract class HostileInputTests<TStore>(HostileRegistry<TStore> registry, ITestOutputHelper output) where TStore : RegistryFixture, new()
{
    public static TheoryData<CaseName> Cases => [.. HostileCatalogue.Names.Select(name => new CaseName(name))];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_request_is_refused_cleanly(CaseName hostileCase)
    {
        var hostile = HostileCatalogue.Find(hostileCase.ToString());
        var request = hostile.Build(registry.Targets);
        using var client = registry.Store.CreateClient();
        using var message = request.ToMessage();

        IReadOnlyList<string> problems;
        string answer;
        try
        {
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            answer = $"{(int)response.StatusCode} {HostileRequest.Excerpt(body)}";
            problems = HostileVerdict.Judge(hostile, (int)response.StatusCode, body);
        }
        catch (ContractViolationException violation)
        {
            answer = $"{violation.Status} {HostileRequest.Excerpt(violation.Body)}";
            problems = [.. violation.Violations.Select(violated => $"contract: {violated}")];
        }

        // Passing cases show their exchange too, so a reviewer can see what "refused cleanly" looked like.
        output.WriteLine($"{request}{Environment.NewLine}answered {answer}");
        Assert.True(problems.Count == 0, $"""
            {request}
            answered {answer}
              - {string.Join($"{Environment.NewLine}  - ", problems)}
            """);
    }
}

public sealed class HostileInputTestsOnSqlite(HostileRegistry<SqliteRegistry> registry, ITestOutputHelper output)
    : HostileInputTests<SqliteRegistry>(registry, output), IClassFixture<HostileRegistry<SqliteRegistry>>;

public sealed class HostileInputTestsOnPostgres(HostileRegistry<PostgresRegistry> registry, ITestOutputHelper output)
    : HostileInputTests<PostgresRegistry>(registry, output), IClassFixture<HostileRegistry<PostgresRegistry>>;
