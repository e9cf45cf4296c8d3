using Vpp.Domain.Devices;

namespace Vpp.Domain.Optimization;

/// <summary>Builds each device type's <see cref="FlexibleDevice"/> from its limits, its state now and the forecast of what drives it.</summary>
public static class FlexibleDevices
{
    public static FlexibleDevice Battery(string deviceId, PlanningHorizon horizon, double capacityKwh, double reservePct, double stateOfChargePct,
        double maxChargeKw, double maxDischargeKw, double roundTripEfficiency)
    {
        var n = horizon.Intervals;
        var oneWay = Math.Sqrt(roundTripEfficiency);
        return new FlexibleDevice
        {
            DeviceId = deviceId,
            Type = DeviceType.Battery,
            InitialEnergyKwh = capacityKwh * Math.Clamp(stateOfChargePct, 0, 100) / 100,
            MinPowerKw = Filled(n, -maxDischargeKw),
            MaxPowerKw = Filled(n, maxChargeKw),
            DrainKw = new double[n],
            MinEnergyKwh = Filled(n, capacityKwh * reservePct / 100),
            MaxEnergyKwh = Filled(n, capacityKwh),
            BaselinePowerKw = new double[n],
            ChargeEfficiency = oneWay,
            DischargeEfficiency = oneWay,
            ReturnsToStart = true,
        };
    }

    /// <summary>
    /// An EV charger over the horizon. The store counts energy delivered since the horizon started: it may charge only
    /// while plugged in, must have delivered each session's need by its departure (a session running past the horizon
    /// needs by the horizon's end what <paramref name="needPastHorizon"/> says), and never more than the sessions begun so far
    /// still need (a session begun before the horizon had its share of the hours before). The baseline charges at full
    /// power from arrival until the car is full, as an unmanaged charger does: a car due to leave after the horizon is not
    /// full at its pro rata share (an event's few hours would otherwise cap the cars at a fraction of what they draw, and
    /// count the rest as shed nobody chose). While charging it draws at
    /// least <paramref name="minChargingKw"/> (<see cref="ChargingStandard.MinimumChargingKw"/> for an AC charger).
    /// </summary>
    public static FlexibleDevice EvCharger(string deviceId, PlanningHorizon horizon, double maxKw, IReadOnlyList<EvSession> sessions, double minChargingKw,
        EvNeedPastHorizon needPastHorizon = EvNeedPastHorizon.ProRata)
    {
        var n = horizon.Intervals;
        var maxPower = new double[n];
        var floor = new double[n];
        var ceiling = new double[n];
        var baseline = new double[n];
        foreach (var session in sessions.OrderBy(s => s.ArrivalUtc))
        {
            var first = horizon.IndexOf(session.ArrivalUtc);
            var end = Math.Min(n, (int)Math.Ceiling((session.DepartureUtc - horizon.StartUtc) / horizon.Interval));
            if (end <= first || session.EnergyNeededKwh <= 0)
            {
                continue;
            }

            // A session begun before the horizon is taken to have had its share of the need by its start; one running past
            // the horizon must have had what falls due by the end (needPastHorizon), and may take the rest before then.
            var inside = Math.Max(session.ArrivalUtc.Ticks, horizon.StartUtc.Ticks);
            var left = session.EnergyNeededKwh * ShareOf(session, inside, session.DepartureUtc.Ticks);
            var byEnd = needPastHorizon == EvNeedPastHorizon.ProRata
                ? session.EnergyNeededKwh * ShareOf(session, inside, Math.Min(session.DepartureUtc.Ticks, horizon.EndUtc.Ticks))
                : Math.Max(0, left - (maxKw * Math.Max(0, (session.DepartureUtc - horizon.EndUtc).TotalHours)));
            var remaining = left;
            for (var t = first; t < end; t++)
            {
                // Only the plugged-in part of the first and last intervals can be used.
                var from = Math.Max(horizon.StartOf(t).Ticks, session.ArrivalUtc.Ticks);
                var to = Math.Min(horizon.StartOf(t + 1).Ticks, session.DepartureUtc.Ticks);
                maxPower[t] = Math.Max(maxPower[t], maxKw * Math.Max(0, to - from) / horizon.Interval.Ticks);
                var charged = Math.Min(remaining, maxPower[t] * horizon.IntervalHours);
                baseline[t] += charged / horizon.IntervalHours;
                remaining -= charged;
            }

            for (var t = first; t < n; t++)
            {
                ceiling[t] += left;
                if (t >= end - 1)
                {
                    floor[t] += byEnd;
                }
            }
        }

        return new FlexibleDevice
        {
            DeviceId = deviceId,
            Type = DeviceType.EvCharger,
            InitialEnergyKwh = 0,
            MinPowerKw = new double[n],
            MaxPowerKw = maxPower,
            DrainKw = new double[n],
            MinEnergyKwh = floor,
            MaxEnergyKwh = ceiling,
            BaselinePowerKw = baseline,
            MinRunningPowerKw = Math.Min(minChargingKw, maxKw),
        };
    }

    /// <summary>The share of the session's plugged-in time between the two instants (ticks).</summary>
    private static double ShareOf(EvSession session, long fromTicks, long toTicks) =>
        Math.Clamp((toTicks - fromTicks) / (double)(session.DepartureUtc - session.ArrivalUtc).Ticks, 0, 1);

    /// <summary>
    /// A resistance water heater: the store is the tank's heat above the comfort minimum; the drain is the forecast hot
    /// water draw plus standby loss. The baseline holds the tank at its setpoint, acting on what lies beyond its deadband.
    /// </summary>
    public static FlexibleDevice WaterHeater(string deviceId, PlanningHorizon horizon, double elementKw, double tankC, double comfortMinC, double comfortMaxC,
        double setpointC, IReadOnlyList<double> drawKw, ThermalParameters tank)
    {
        var n = horizon.Intervals;
        var drain = Enumerable.Range(0, n).Select(t => drawKw[t] + (tank.LossKwPerC * (setpointC - 20))).ToArray();
        return Thermal(deviceId, DeviceType.WaterHeater, horizon, elementKw, (tankC - comfortMinC) * tank.StoreKwhPerC, (comfortMaxC - comfortMinC) * tank.StoreKwhPerC,
            (setpointC - comfortMinC) * tank.StoreKwhPerC, tank.DeadbandC * tank.StoreKwhPerC, drain);
    }

    /// <summary>
    /// A heat-pump thermostat: the store is the house's heat (heating) or coolth (cooling) relative to the edge of the
    /// allowed band, the setpoint plus or minus the customer's maximum offset and pre-conditioning limit, within the
    /// comfort band. The drain is the power needed to hold the setpoint against the forecast outdoor temperature; where
    /// the weather works for the heat pump instead (a cool night while it cools), the house gains passively up to the
    /// store's ceiling, as it does on its way to the other mode's setpoint. The baseline holds the setpoint on average,
    /// acting on what lies beyond the deadband. The band limits the plan, not the house: where the house would be beyond
    /// it undispatched, it widens to where the house would be. The heat pump cools when
    /// <paramref name="cooling"/> says so, or, unsaid, when the forecast is on average warmer than the setpoint.
    /// </summary>
    public static FlexibleDevice Thermostat(string deviceId, PlanningHorizon horizon, double compressorKw, double indoorC, double setpointC,
        double comfortMinC, double comfortMaxC, IReadOnlyList<double> outdoorC, ThermalParameters house, bool? cooling = null)
    {
        var n = horizon.Intervals;
        var cools = cooling ?? outdoorC.Take(n).Average() > setpointC;
        var kwhPerC = house.StoreKwhPerC / house.Cop;
        var low = Math.Max(comfortMinC, setpointC - (cools ? house.MaxPrecoolC : house.MaxOffsetC));
        var high = Math.Min(comfortMaxC, setpointC + (cools ? house.MaxOffsetC : house.MaxPrecoolC));
        var drain = Enumerable.Range(0, n).Select(t => house.LossKwPerC * (cools ? outdoorC[t] - setpointC : setpointC - outdoorC[t]) / house.Cop).ToArray();
        var stored = (cools ? high - indoorC : indoorC - low) * kwhPerC;
        var setpointStored = (cools ? high - setpointC : setpointC - low) * kwhPerC;
        return Thermal(deviceId, DeviceType.Thermostat, horizon, compressorKw, stored, (high - low) * kwhPerC, setpointStored, house.DeadbandC * kwhPerC, drain,
            bandHoldsOnlyThePlan: true);
    }

    /// <param name="bandHoldsOnlyThePlan">
    /// The band limits only how far the plan moves the store: where the device would be beyond it undispatched (a house
    /// still warming back to a setpoint the customer just raised, or warmer than the pre-heat limit from the sun with the
    /// heat pump off, or colder than the band on a night its heat pump cannot hold), the band widens to where it would be,
    /// so the plan may do no worse there and the state is not reported as a limit the plan missed.
    /// </param>
    private static FlexibleDevice Thermal(string deviceId, DeviceType type, PlanningHorizon horizon, double maxKw, double storedKwh, double capacityKwh,
        double setpointKwh, double deadbandKwh, double[] drainKw, bool bandHoldsOnlyThePlan = false)
    {
        var n = horizon.Intervals;
        var baseline = new double[n];
        var floor = new double[n];
        var ceiling = Filled(n, capacityKwh);
        var energy = storedKwh;
        for (var t = 0; t < n; t++)
        {
            // Undispatched, the device holds its setpoint on average and acts on what lies beyond the deadband at once.
            var owedKwh = setpointKwh - energy;
            var beyondDeadbandKwh = Math.Sign(owedKwh) * Math.Max(0, Math.Abs(owedKwh) - deadbandKwh);
            baseline[t] = Math.Clamp(drainKw[t] + (beyondDeadbandKwh / horizon.IntervalHours), 0, maxKw);
            energy = FlexibleDevice.Step(energy, baseline[t] * horizon.IntervalHours, drainKw[t] * horizon.IntervalHours, capacityKwh);
            if (bandHoldsOnlyThePlan)
            {
                floor[t] = Math.Min(0, energy);
                ceiling[t] = Math.Max(capacityKwh, energy);
            }
        }

        return new FlexibleDevice
        {
            DeviceId = deviceId,
            Type = type,
            InitialEnergyKwh = storedKwh,
            MinPowerKw = new double[n],
            MaxPowerKw = Filled(n, maxKw),
            DrainKw = drainKw,
            MinEnergyKwh = floor,
            MaxEnergyKwh = ceiling,
            BaselinePowerKw = baseline,
            ReturnsToStart = true,
        };
    }

    private static double[] Filled(int n, double value)
    {
        var values = new double[n];
        Array.Fill(values, value);
        return values;
    }
}
