using System.Net.Http.Headers;
using TenantRegistry.Contract.Tests.Validation;
using Xunit.Abstractions;

namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>
/// Issues 6 and 16, hostile input: every request <see cref="HostileCatalogue"/> generates from spec/openapi.yaml gets a
/// 4xx the operation declares (413 for an oversized body) with the Error body in application/json, or verify's
/// {"valid":false}; a case that changes only what the operation does not take gets the baseline request's answer;
/// the documented protocol-level cases get Kestrel's status. Never a 5xx, never server internals, never a
/// connection dropped before the answer. Runs once per store, over a real socket.
/// </summary>
public abstract class HostileInputTests(HostileRegistry registry, ITestOutputHelper output)
{
    public static TheoryData<CaseName> Cases => [.. HostileCatalogue.Names.Select(name => new CaseName(name))];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_request_is_refused_cleanly(CaseName hostileCase)
    {
        var hostile = HostileCatalogue.Find(hostileCase.ToString());
        var baselineStatus = hostile.Expectation == HostileExpectation.Ignored ? await BaselineStatusAsync(hostile) : (int?)null;
        var request = hostile.Build(registry.Targets);
        using var client = registry.CreateClient(validating: hostile.Expectation != HostileExpectation.ProtocolLevel);
        using var message = request.ToMessage();

        IReadOnlyList<string> problems;
        string answer;
        try
        {
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            answer = $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {HostileRequest.Excerpt(body)}";
            problems = HostileVerdict.Judge(hostile, new HostileAnswer((int)response.StatusCode, response.Content.Headers.ContentType, body), baselineStatus);
        }
        catch (ContractViolationException violation)
        {
            answer = $"{violation.Status} {HostileRequest.Excerpt(violation.Body)}";
            problems = [.. violation.Violations.Select(violated => $"contract: {violated}")];
        }
        catch (HttpRequestException failure)
        {
            answer = $"no answer: {failure.Message} ({failure.InnerException?.Message})";
            problems = ["the connection failed before an answer arrived"];
        }

        // Passing cases show their exchange too, so a reviewer can see what "refused cleanly" looked like.
        output.WriteLine($"{request}{Environment.NewLine}answered {answer}{(baselineStatus is { } status ? $" (baseline answered {status})" : "")}");
        Assert.True(problems.Count == 0, $"""
            {request}
            answered {answer}
              - {string.Join($"{Environment.NewLine}  - ", problems)}
            """);
    }

    private async Task<int> BaselineStatusAsync(HostileCase hostile)
    {
        using var client = registry.CreateClient();
        using var message = new BaselineRequest(hostile.Operation).Build(registry.Targets).ToMessage();
        using var response = await client.SendAsync(message);
        return (int)response.StatusCode;
    }
}

/// <summary>What came back: status, content type and body text.</summary>
internal sealed record HostileAnswer(int Status, MediaTypeHeaderValue? ContentType, string Body);

public sealed class HostileInputTestsOnSqlite(HostileSqliteRegistry registry, ITestOutputHelper output)
    : HostileInputTests(registry, output), IClassFixture<HostileSqliteRegistry>;

public sealed class HostileInputTestsOnPostgres(HostilePostgresRegistry registry, ITestOutputHelper output)
    : HostileInputTests(registry, output), IClassFixture<HostilePostgresRegistry>;
