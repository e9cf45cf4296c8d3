using Vpp.Domain.Devices;

namespace Vpp.Application.Devices;

public sealed record RegistrationResult(RegistrationOutcome Outcome, IReadOnlyList<FieldError> Errors)
{
    public static RegistrationResult Created { get; } = new(RegistrationOutcome.Created, []);

    public static RegistrationResult Updated { get; } = new(RegistrationOutcome.Updated, []);

    public static RegistrationResult ProgramNotFound { get; } = new(RegistrationOutcome.ProgramNotFound, []);

    public static RegistrationResult Invalid(IReadOnlyList<FieldError> errors) => new(RegistrationOutcome.Invalid, errors);
}
