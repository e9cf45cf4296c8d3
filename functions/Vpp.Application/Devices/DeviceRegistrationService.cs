using System.Text.Json.Nodes;
using Vpp.Application.Programs;
using Vpp.Domain.Devices;

namespace Vpp.Application.Devices;

/// <summary>
/// Enrols devices: validates, creates the hub identity with its tags, then records the registration with the local date
/// it was first enrolled on (settlement prorates the month from it).
/// </summary>
public sealed class DeviceRegistrationService(IProgramStore programs, IDeviceRegistry registry, IDeviceHub hub, TimeProvider clock)
{
    private const int MaxFeederLength = 64;

    public async Task<RegistrationResult> RegisterAsync(DeviceRegistration registration, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (!DeviceIdentifier.IsValid(registration.DeviceId))
        {
            errors.Add(new FieldError("deviceId", "1-128 letters, digits, '-', '_', '.' or ':'"));
        }

        if (registration.CustomerId is not null && !CustomerIdentifier.IsValid(registration.CustomerId))
        {
            errors.Add(new FieldError("customerId", $"{CustomerIdentifier.Rule}, or left out"));
        }

        if (registration.Feeder is { Length: > MaxFeederLength })
        {
            errors.Add(new FieldError("feeder", $"at most {MaxFeederLength} characters"));
        }

        errors.AddRange(registration.Ratings.Validate(registration.Type));
        if (errors.Count > 0)
        {
            return RegistrationResult.Invalid(errors);
        }

        if (await programs.FindAsync(registration.ProgramId, cancellationToken) is not { } program)
        {
            return RegistrationResult.ProgramNotFound;
        }

        var existing = await registry.FindAsync(registration.DeviceId, cancellationToken);
        if (existing is not null && existing.ProgramId != registration.ProgramId)
        {
            return RegistrationResult.Invalid([new FieldError("deviceId", $"already enrolled in program '{existing.ProgramId}'")]);
        }

        var tags = new JsonObject
        {
            ["programId"] = registration.ProgramId,
            ["deviceType"] = registration.Type.ToWire(),
            ["customerId"] = registration.CustomerId,
            ["feeder"] = registration.Feeder,
        };
        await hub.RegisterAsync(registration.DeviceId, tags, cancellationToken);
        var enrolledOn = existing is null ? Domain.Calendar.LocalDays.DateOf(clock.GetUtcNow(), program.FindTimeZone()) : existing.EnrolledOn;
        await registry.SaveAsync(registration with { EnrolledOn = enrolledOn }, cancellationToken);
        return existing is null ? RegistrationResult.Created : RegistrationResult.Updated;
    }
}
