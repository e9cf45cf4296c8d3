using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Devices;
using Vpp.Domain.Devices;
using Vpp.Functions.Security;

namespace Vpp.Functions.Devices;

public static class DeviceEndpoints
{
    public sealed record DeviceRequest(string? Type, DeviceRatings? Ratings, string? CustomerId, string? Feeder);

    public static IEndpointRouteBuilder MapDeviceApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/programs/{programId}/devices/{deviceId}", async (
                string programId, string deviceId, HttpRequest request, DeviceRegistrationService registration, CancellationToken ct) =>
            {
                var (body, problem) = await RequestBody.ReadAsync<DeviceRequest>(request, ct);
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

                var result = await registration.RegisterAsync(new DeviceRegistration(deviceId, programId, type, body.Ratings, body.CustomerId, body.Feeder), ct);
                return result.Outcome switch
                {
                    RegistrationOutcome.Created => Results.Created($"/api/devices/{deviceId}", new { deviceId, programId, type = body.Type }),
                    RegistrationOutcome.Updated => Results.Ok(new { deviceId, programId, type = body.Type }),
                    RegistrationOutcome.ProgramNotFound => Problems.NotFound($"program '{programId}' does not exist"),
                    _ => Problems.Validation(result.Errors),
                };
            })
            .RequireAuthorization(Policies.FleetOperator)
            .WithName("PutDevice")
            .Produces(StatusCodes.Status201Created, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("Enrols (or updates) a device in a program: hub identity, twin tags, registration.")
            .Accepts<DeviceRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/devices/{deviceId}", async (string deviceId, DeviceDetailsService details, CancellationToken ct) =>
                await details.FindAsync(deviceId, ct) is { } device ? Results.Ok(device) : Problems.NotFound($"device '{deviceId}' is not registered"))
            .RequireAuthorization(Policies.FleetOperator)
            .WithName("GetDevice")
            .WithSummary("Twin (tags, desired, reported), latest state, the last 24 hours of 15-minute rollups, and the habits learned from its history (EV sessions, hot-water draws, a house's heat loss, what it draws undispatched by local hour).")
            .Produces<DeviceDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
