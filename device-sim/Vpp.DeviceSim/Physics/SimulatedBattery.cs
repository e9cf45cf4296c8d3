using System.Text.Json.Nodes;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Physics;

/// <summary>
/// Home battery: self-consumption by default (charge from surplus solar, discharge to cover the home), or a
/// commanded mode. State of charge moves with one-way efficiency √RTE; the backup reserve is never used.
/// </summary>
public sealed class SimulatedBattery(string id, SiteEnvironment site, double baseLoadKw, double pvKw, double capacityKwh, double maxKw, double reservePct, double socPct)
    : SimulatedDevice(id, site, baseLoadKw, pvKw)
{
    private const double RoundTrip = 0.9;
    private string mode = "auto";
    private double setpointKw;

    public double StateOfChargePct { get; private set; } = socPct;

    public override DeviceType Type => DeviceType.Battery;

    public override DeviceRatings Ratings => new()
    {
        MaxImportKw = maxKw,
        MaxExportKw = maxKw,
        EnergyCapacityKwh = capacityKwh,
        BackupReservePct = reservePct,
        RoundTripEfficiency = RoundTrip,
        PvCapacityKw = PvKw > 0 ? PvKw : null,
    };

    protected override Reading Advance(DateTimeOffset start, double dtSeconds, double householdNetKw)
    {
        var wanted = mode switch
        {
            "charge" => Math.Abs(setpointKw),
            "discharge" => -Math.Abs(setpointKw),
            "idle" => 0,
            _ when Scheduled(start) is { } scheduled => scheduled.Fraction * maxKw,
            _ => -householdNetKw, // self-consumption: absorb surplus, cover deficit
        };
        var hours = dtSeconds / 3600.0;
        var oneWay = Math.Sqrt(RoundTrip);
        var maxChargeKw = Math.Max(0, (100 - StateOfChargePct) / 100 * capacityKwh / oneWay / hours);
        var maxDischargeKw = Math.Max(0, (StateOfChargePct - reservePct) / 100 * capacityKwh * oneWay / hours);
        var power = Math.Clamp(wanted, -Math.Min(maxKw, maxDischargeKw), Math.Min(maxKw, maxChargeKw));
        StateOfChargePct += power >= 0
            ? power * hours * oneWay / capacityKwh * 100
            : power * hours / oneWay / capacityKwh * 100;
        StateOfChargePct = Math.Clamp(StateOfChargePct, 0, 100);
        return new Reading(Math.Round(power, 3)) { StateOfChargePct = Math.Round(StateOfChargePct, 2) };
    }

    protected override JsonObject ApplyCommands(JsonObject desired)
    {
        var requested = desired["mode"]?.GetValue<string>();
        mode = requested is "charge" or "discharge" or "idle" ? requested : "auto";
        setpointKw = Math.Clamp(Math.Abs(desired["setpointKw"]?.GetValue<double>() ?? maxKw), 0, maxKw);
        return new JsonObject { ["mode"] = mode, ["setpointKw"] = setpointKw, ["backupReservePct"] = reservePct };
    }
}
