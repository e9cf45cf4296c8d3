namespace Vpp.Domain.Devices;

/// <summary>
/// A device's nameplate and the customer's limits. Power follows the load convention: import (consumption)
/// is positive, export (discharge, generation) is negative.
/// </summary>
public sealed record DeviceRatings
{
    /// <summary>No single home device in the program is larger than this; anything above is a data error.</summary>
    public const double MaxHomeDevicePowerKw = 100;

    public required double MaxImportKw { get; init; }

    public double MaxExportKw { get; init; }

    /// <summary>Usable energy of a battery, or of an EV's pack when known.</summary>
    public double? EnergyCapacityKwh { get; init; }

    /// <summary>Battery backup reserve the customer keeps, in percent of capacity.</summary>
    public double? BackupReservePct { get; init; }

    public double? RoundTripEfficiency { get; init; }

    /// <summary>Lowest and highest temperature the customer accepts (water heater tank, thermostat indoor).</summary>
    public double? ComfortMinC { get; init; }

    public double? ComfortMaxC { get; init; }

    /// <summary>Rooftop PV nameplate (AC), when the site has solar.</summary>
    public double? PvCapacityKw { get; init; }

    /// <summary>Checks the ratings make physical sense for the type; returns the fields at fault.</summary>
    public IReadOnlyList<FieldError> Validate(DeviceType type)
    {
        var errors = new List<FieldError>();
        void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new FieldError(field, message));
            }
        }

        Require(MaxImportKw is >= 0 and <= MaxHomeDevicePowerKw, "ratings.maxImportKw", $"must be between 0 and {MaxHomeDevicePowerKw} kW");
        Require(MaxExportKw is >= 0 and <= MaxHomeDevicePowerKw, "ratings.maxExportKw", $"must be between 0 and {MaxHomeDevicePowerKw} kW");
        Require(PvCapacityKw is null or (>= 0 and <= MaxHomeDevicePowerKw), "ratings.pvCapacityKw", $"must be between 0 and {MaxHomeDevicePowerKw} kW");
        switch (type)
        {
            case DeviceType.Battery:
                Require(EnergyCapacityKwh is > 0 and <= 1000, "ratings.energyCapacityKwh", "a battery needs a capacity between 0 and 1000 kWh");
                Require(BackupReservePct is null or (>= 0 and < 100), "ratings.backupReservePct", "must be at least 0 and below 100 %");
                Require(RoundTripEfficiency is null or (> 0.5 and <= 1), "ratings.roundTripEfficiency", "must be above 0.5 and at most 1");
                break;
            case DeviceType.EvCharger:
                Require(MaxExportKw == 0 || EnergyCapacityKwh is > 0, "ratings.energyCapacityKwh", "a bidirectional charger needs the pack capacity");
                break;
            case DeviceType.WaterHeater:
            case DeviceType.Thermostat:
                Require(ComfortMinC is not null && ComfortMaxC is not null && ComfortMinC < ComfortMaxC, "ratings.comfortMinC",
                    "comfortMinC and comfortMaxC are required and min must be below max");
                break;
        }

        return errors;
    }
}
