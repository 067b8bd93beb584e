namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Path, query and header parameters that are missing, malformed, out of range, repeated or misnamed.</summary>
internal static class ParameterCases
{
    // Kestrel refuses a NUL in the path or a header before routing, with 400 and no body (docs/behaviour.md).
    private const int KestrelBadRequest = 400;

    public static IEnumerable<HostileCase> For(OperationShape operation)
    {
        var baseline = new BaselineRequest(operation);
        foreach (var parameter in operation.Parameters)
        {
            if (parameter is { In: "query", Required: true })
            {
                yield return HostileCase.Of(operation, $"query '{parameter.Name}' missing",
                    targets => baseline.Build(targets).WithoutQuery(parameter.Name));
            }

            var wrong = parameter.In == "header" ? WrongValues.ForHeader(parameter.Schema) : WrongValues.ForParameter(parameter.Schema);
            foreach (var (label, text) in wrong)
            {
                // An empty path segment makes another path (/v1/tenants/ is the list), not an empty parameter.
                if (parameter.In == "path" && text.Length == 0)
                {
                    continue;
                }

                var what = $"{parameter.In} '{parameter.Name}' {label}";
                HostileRequest Sending(HostileTargets targets) => baseline.Build(targets).With(parameter, text);
                yield return parameter.In != "query" && text.Contains('\0', StringComparison.Ordinal)
                    ? HostileCase.ProtocolLevel(operation, what, KestrelBadRequest, Sending)
                    : HostileCase.Of(operation, what, Sending);
            }

            if (parameter.In == "query")
            {
                foreach (var hostile in QueryNameCases(operation, baseline, parameter))
                {
                    yield return hostile;
                }
            }
        }
    }

    /// <summary>
    /// Issue 16, class 5: names match exactly. The same name in another case is a parameter the operation does not
    /// have, so it is ignored even with a value the real one refuses (and a required one is then missing). A name
    /// given twice is refused rather than read as either value.
    /// </summary>
    private static IEnumerable<HostileCase> QueryNameCases(OperationShape operation, BaselineRequest baseline, ParameterShape parameter)
    {
        var otherCase = parameter.Name.ToUpperInvariant();
        if (otherCase != parameter.Name)
        {
            var refused = WrongValues.RefusedBy(parameter.Schema);
            HostileRequest Misnamed(HostileTargets targets) => baseline.Build(targets).WithoutQuery(parameter.Name).WithQuery(otherCase, refused);
            var what = $"query '{parameter.Name}' named '{otherCase}' = '{refused}'";
            yield return parameter.Required ? HostileCase.Of(operation, what, Misnamed) : HostileCase.Ignored(operation, what, Misnamed);
        }

        yield return HostileCase.Of(operation, $"query '{parameter.Name}' given twice", targets =>
        {
            var value = ValidValues.Text(parameter.Schema, parameter.Name, targets);
            return baseline.Build(targets).WithoutQuery(parameter.Name).WithQuery(parameter.Name, value).WithQuery(parameter.Name, value);
        });
    }
}
