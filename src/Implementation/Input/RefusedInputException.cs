namespace TenantRegistry.Input;

/// <summary>
/// A model error whose message is already in wire terms (it names the field and says what is allowed), so
/// InvalidInputResponse passes it on as it is instead of interpreting .NET's text.
/// </summary>
public sealed class RefusedInputException(string message) : Exception(message);
