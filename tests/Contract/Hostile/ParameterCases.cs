namespace TenantRegistry.Contract.Tests.Hostile;

/// <summary>Path, query and header parameters that are missing, malformed or out of range.</summary>
internal static class ParameterCases
{
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
                yield return HostileCase.Of(operation, $"{parameter.In} '{parameter.Name}' {label}",
                    targets => baseline.Build(targets).With(parameter, text));
            }
        }
    }
}
