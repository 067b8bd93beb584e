namespace TenantRegistry.Contract.Tests.Validation;

public sealed record ContractOperation(HttpMethod Method, string PathTemplate, SpecNode Node);
