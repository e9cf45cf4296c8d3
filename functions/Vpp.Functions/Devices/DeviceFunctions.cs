using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application.Devices;
using Vpp.Domain.Devices;
using Vpp.Functions.Security;

namespace Vpp.Functions.Devices;

public sealed class DeviceFunctions(DeviceRegistrationService registration, DeviceDetailsService details)
{
    [Function("PutDevice")]
    [Authorize(Policy = Policies.FleetOperator)]
    [EndpointSummary("Enrols (or updates) a device in a program: hub identity, twin tags, registration.")]
    [Consumes(typeof(DeviceRequest), "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> PutDevice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "programs/{programId}/devices/{deviceId}")] HttpRequest request,
        string programId, string deviceId, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<DeviceRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!DeviceTypeNames.TryParse(body!.Type, out var type))
        {
            return Problems.Validation("type", "must be one of battery, ev-charger, water-heater, thermostat");
        }

        if (body.Ratings is null)
        {
            return Problems.Validation("ratings", "is required");
        }

        var result = await registration.RegisterAsync(new DeviceRegistration(deviceId, programId, type, body.Ratings, body.CustomerId, body.Feeder), cancellationToken);
        return result.Outcome switch
        {
            RegistrationOutcome.Created => Results.Created($"/api/devices/{deviceId}", new { deviceId, programId, type = body.Type }),
            RegistrationOutcome.Updated => Results.Ok(new { deviceId, programId, type = body.Type }),
            RegistrationOutcome.ProgramNotFound => Problems.NotFound($"program '{programId}' does not exist"),
            _ => Problems.Validation(result.Errors),
        };
    }

    [Function("GetDevice")]
    [Authorize(Policy = Policies.FleetOperator)]
    [EndpointSummary("Twin (tags, desired, reported), latest state, the last 24 hours of 15-minute rollups, and the habits learned from its history (EV sessions, hot-water draws, a house's heat loss, what it draws undispatched by local quarter hour).")]
    [ProducesResponseType<DeviceDetails>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetDevice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "devices/{deviceId}")] HttpRequest request, string deviceId, CancellationToken cancellationToken) =>
        await details.FindAsync(deviceId, cancellationToken) is { } device ? Results.Ok(device) : Problems.NotFound($"device '{deviceId}' is not registered");
}
