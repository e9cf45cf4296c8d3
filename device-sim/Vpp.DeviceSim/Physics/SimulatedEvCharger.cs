using System.Text.Json.Nodes;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Physics;

/// <summary>
/// EV charger: the car arrives in the evening needing 8-40 kWh by its morning departure. It charges at full power
/// unless told to pause or cap (never below the standard's 6 A minimum, see <see cref="ChargingStandard"/>) or scheduled, and
/// overrides any command once only full power would still fill the car by departure.
/// </summary>
public sealed class SimulatedEvCharger(string id, SiteEnvironment site, double baseLoadKw, double pvKw, double maxKw)
    : SimulatedDevice(id, site, baseLoadKw, pvKw)
{
    private bool plugged;
    private double sessionKwh;
    private double requiredKwh;
    private DateTimeOffset departure;
    private DateTimeOffset nextArrival = DateTimeOffset.MinValue;
    private double capKw = double.MaxValue;

    public override DeviceType Type => DeviceType.EvCharger;

    public override DeviceRatings Ratings => new() { MaxImportKw = maxKw, PvCapacityKw = PvKw > 0 ? PvKw : null };

    protected override Reading Advance(DateTimeOffset start, double dtSeconds, double householdNetKw)
    {
        if (nextArrival == DateTimeOffset.MinValue)
        {
            nextArrival = NextLocal(start, 17 + (Site.Random.NextDouble() * 3));
            plugged = Site.LocalHour(start) is > 18 or < 6;
            if (plugged)
            {
                BeginSession(start);
            }
        }

        if (!plugged && start >= nextArrival)
        {
            BeginSession(start);
        }

        if (plugged && start >= departure)
        {
            plugged = false;
            nextArrival = NextLocal(start, 17 + (Site.Random.NextDouble() * 3));
        }

        var power = 0.0;
        if (plugged && sessionKwh < requiredKwh)
        {
            var hoursLeft = Math.Max((departure - start).TotalHours, dtSeconds / 3600.0);
            var neededKw = (requiredKwh - sessionKwh) / hoursLeft;

            // A cap, pause or schedule is honoured while the car can still be full by departure at the charger's full
            // rate, with a fifth in hand; the pilot signal offers nothing below the standard's minimum, so a scheduled
            // rate below it is met on average across the fleet (ChargingStandard.ScheduledKw).
            var scheduledKw = Scheduled(start) is { } scheduled ? ChargingStandard.ScheduledKw(Math.Clamp(scheduled.Fraction, 0, 1) * maxKw, scheduled.Draw) : maxKw;
            var allowed = neededKw > 0.8 * maxKw ? maxKw : Math.Min(capKw, scheduledKw);
            power = Math.Min(allowed, (requiredKwh - sessionKwh) / (dtSeconds / 3600.0));
            sessionKwh += power * dtSeconds / 3600.0;
        }

        return new Reading(Math.Round(power, 3)) { Plugged = plugged, SessionEnergyKwh = Math.Round(sessionKwh, 3) };
    }

    protected override JsonObject ApplyCommands(JsonObject desired)
    {
        capKw = desired["mode"]?.GetValue<string>() == "pause" ? 0 : ChargingStandard.OfferableKw(Math.Clamp(desired["maxChargeKw"]?.GetValue<double>() ?? maxKw, 0, maxKw));
        return new JsonObject { ["maxChargeKw"] = capKw, ["departureGuaranteed"] = true };
    }

    private void BeginSession(DateTimeOffset start)
    {
        plugged = true;
        sessionKwh = 0;
        requiredKwh = 8 + (Site.Random.NextDouble() * 32);
        departure = NextLocal(start, 7 + Site.Random.NextDouble());
    }

    private DateTimeOffset NextLocal(DateTimeOffset after, double localHour)
    {
        var local = TimeZoneInfo.ConvertTime(after, Site.Zone);
        var candidate = new DateTimeOffset(local.Date.AddHours(localHour), local.Offset);
        return candidate > after ? candidate : candidate.AddDays(1);
    }
}
