using System.Globalization;
using Microsoft.AspNetCore.Http;
using Vpp.Application.Scheduling;
using Vpp.Domain.Devices;

namespace Vpp.Functions.Scheduling;

/// <summary>
/// Reads what a schedule request asks of its device plans: none, a page (<c>devices=true</c>, <c>top</c>,
/// <c>continuation</c>, which alone implies devices), or one device's (<c>deviceId</c>, which pages do not combine with).
/// </summary>
internal static class DevicePlanRequest
{
    public static (DevicePlanSelection Selection, IResult? Problem) Read(string? devices, string? deviceId, string? top, string? continuation)
    {
        var errors = new List<FieldError>();
        var wanted = devices switch
        {
            null => continuation is not null,
            _ when bool.TryParse(devices, out var flag) => flag,
            _ => Error("devices", "true or false"),
        };
        var pageSize = ScheduleFunctions.DefaultPageSize;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > ScheduleFunctions.MaxPageSize))
        {
            Error("top", $"plans per page, 1 to {ScheduleFunctions.MaxPageSize} (default {ScheduleFunctions.DefaultPageSize})");
        }

        DevicePlanContinuation? from = null;
        if (continuation is not null && !DevicePlanContinuation.TryParse(continuation, out from))
        {
            Error("continuation", "the continuation a previous page returned, unchanged");
        }

        if (deviceId is not null)
        {
            if (!DeviceIdentifier.IsValid(deviceId))
            {
                Error("deviceId", "a device id as registered");
            }
            else if (top is not null || continuation is not null)
            {
                Error("deviceId", "one device's plan is not paged: leave out top and continuation");
            }
        }

        if (errors.Count > 0)
        {
            return (DevicePlanSelection.None, Problems.Validation(errors));
        }

        var selection = deviceId is not null ? DevicePlanSelection.Device(deviceId)
            : wanted ? DevicePlanSelection.Page(pageSize, from)
            : DevicePlanSelection.None;
        return (selection, null);

        bool Error(string field, string message)
        {
            errors.Add(new FieldError(field, message));
            return false;
        }
    }
}
