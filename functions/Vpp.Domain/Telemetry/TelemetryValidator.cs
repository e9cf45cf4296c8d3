using Vpp.Domain.Devices;

namespace Vpp.Domain.Telemetry;

/// <summary>Physical and temporal plausibility of a message from a registered device.</summary>
public sealed class TelemetryValidator(TelemetryValidationPolicy policy)
{
    public TelemetryValidator()
        : this(TelemetryValidationPolicy.Default)
    {
    }

    /// <summary>Returns <see cref="RejectionReason.None"/> when the message may be counted.</summary>
    public (RejectionReason Reason, string? Detail) Validate(in TelemetryMessage message, DeviceRegistration device, DateTimeOffset now)
    {
        if (message.DeviceType is { } claimed && (!DeviceTypeNames.TryParse(claimed, out var type) || type != device.Type))
        {
            return (RejectionReason.DeviceTypeMismatch, $"message says deviceType '{claimed}' but the device is registered as '{device.Type.ToWire()}'");
        }

        if (message.Timestamp > now + policy.MaxClockAhead)
        {
            return (RejectionReason.TimestampInFuture, $"timestamp {message.Timestamp:O} is more than {policy.MaxClockAhead} ahead of {now:O}");
        }

        if (message.Timestamp < now - policy.MaxAge)
        {
            return (RejectionReason.TimestampTooOld, $"timestamp {message.Timestamp:O} is more than {policy.MaxAge} before {now:O}");
        }

        if (message.Sequence < 0)
        {
            return (RejectionReason.InvalidField, "sequence must not be negative");
        }

        if (message.IntervalSeconds is < 1 or > 3600)
        {
            return (RejectionReason.InvalidField, $"intervalSeconds {message.IntervalSeconds} must be between 1 and 3600");
        }

        var ratings = device.Ratings;
        var tolerance = policy.PowerTolerance;
        var pv = ratings.PvCapacityKw ?? 0;
        var maxImport = (ratings.MaxImportKw * tolerance) + policy.StandbyKw;
        var maxExport = (ratings.MaxExportKw * tolerance) + policy.StandbyKw;
        if (message.PowerKw > maxImport || message.PowerKw < -maxExport)
        {
            return (RejectionReason.OutOfPhysicalRange, $"powerKw {message.PowerKw} is outside [-{maxExport:0.##}, {maxImport:0.##}] for this device");
        }

        // Inverters draw a few watts at night, so slightly negative PV output is real, not an error.
        if (message.SolarKw is { } solar && (solar < -policy.StandbyKw || solar > (pv * tolerance) + policy.StandbyKw))
        {
            return (RejectionReason.OutOfPhysicalRange, $"solarKw {solar} is outside [-{policy.StandbyKw}, {(pv * tolerance) + policy.StandbyKw:0.##}]");
        }

        if (message.SiteNetKw is { } site && Math.Abs(site) > TelemetryValidationPolicy.MaxSiteKw)
        {
            return (RejectionReason.OutOfPhysicalRange, $"siteNetKw {site} is beyond ±{TelemetryValidationPolicy.MaxSiteKw} kW");
        }

        if (message.StateOfChargePct is { } soc && soc is < 0 or > 100)
        {
            return (RejectionReason.OutOfPhysicalRange, $"stateOfChargePct {soc} is outside [0, 100]");
        }

        if (message.TankTemperatureC is { } tank && tank is < 0 or > 100)
        {
            return (RejectionReason.OutOfPhysicalRange, $"tankTemperatureC {tank} is outside [0, 100]");
        }

        if (message.IndoorTemperatureC is { } indoor && indoor is < -40 or > 60)
        {
            return (RejectionReason.OutOfPhysicalRange, $"indoorTemperatureC {indoor} is outside [-40, 60]");
        }

        if (message.SessionEnergyKwh is { } session && (session < 0 || session > 250))
        {
            return (RejectionReason.OutOfPhysicalRange, $"sessionEnergyKwh {session} is outside [0, 250]");
        }

        return (RejectionReason.None, null);
    }
}
