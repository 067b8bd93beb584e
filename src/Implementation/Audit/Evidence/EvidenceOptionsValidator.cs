using Microsoft.Extensions.Options;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// A configured signing key that is missing, unreadable or of the wrong kind stops the start with the settings'
/// one line, like any other bad setting, instead of failing inside the host's start with a stack trace.
/// </summary>
internal sealed class EvidenceOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options) =>
        string.IsNullOrWhiteSpace(options.SigningKeyPath) || CheckpointSigner.ConfiguredKeyProblem(options.SigningKeyPath) is not { } problem
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problem);
}
