using Microsoft.Extensions.Options;

namespace Vpp.Functions.Security;

/// <summary>Refuses to start a handler whose token settings could authenticate no one, saying which setting is wrong.</summary>
public sealed class JwtSettingsValidator : IValidateOptions<JwtSettings>
{
    public ValidateOptionsResult Validate(string? name, JwtSettings options) =>
        options.ConfigurationError() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
