namespace Vpp.Domain.Optimization;

/// <summary>
/// The energies a device can actually be at: its floors and ceilings tightened to the energies some feasible trajectory
/// passes through, so that from any energy inside the envelope at interval t, some power within limits keeps it inside
/// at t+1. Floors no power can reach (an EV that
/// arrives too late for its need, draws larger than the element can replace) and ceilings it cannot stay under are
/// relaxed to the nearest reachable energy and reported as <see cref="Conflicts"/>, so one over-constrained device
/// never makes the whole plan infeasible.
/// </summary>
public sealed class DeviceEnvelope
{
    private const double ToleranceKwh = 1e-9;

    private DeviceEnvelope(FlexibleDevice device, double intervalHours, double[] lower, double[] upper, IReadOnlyList<UnmetLimit> conflicts)
    {
        Device = device;
        IntervalHours = intervalHours;
        LowerKwh = lower;
        UpperKwh = upper;
        Conflicts = conflicts;
    }

    public FlexibleDevice Device { get; }

    public double IntervalHours { get; }

    /// <summary>Lowest energy at the end of each interval that is reachable and from which every later floor can still be met.</summary>
    public double[] LowerKwh { get; }

    /// <summary>Highest energy at the end of each interval that is reachable and from which every later ceiling can still be kept.</summary>
    public double[] UpperKwh { get; }

    public IReadOnlyList<UnmetLimit> Conflicts { get; }

    public static DeviceEnvelope Of(FlexibleDevice device, double intervalHours)
    {
        var n = device.Intervals;
        var floor = (double[])device.MinEnergyKwh.Clone();
        var ceiling = (double[])device.MaxEnergyKwh.Clone();
        var conflicts = new List<UnmetLimit>();
        double worstFloor = 0, worstCeiling = 0;
        int firstFloor = -1, firstCeiling = -1;

        // Forward: what can be reached at all; relax the limits that cannot.
        double low = device.InitialEnergyKwh, high = device.InitialEnergyKwh;
        for (var t = 0; t < n; t++)
        {
            var reachLow = device.NextEnergyKwh(t, low, device.MinPowerKw[t], intervalHours);
            var reachHigh = device.NextEnergyKwh(t, high, device.MaxPowerKw[t], intervalHours);
            if (reachHigh < floor[t] - ToleranceKwh)
            {
                (worstFloor, firstFloor) = (Math.Max(worstFloor, floor[t] - reachHigh), firstFloor < 0 ? t : firstFloor);
                floor[t] = reachHigh;
            }

            if (reachLow > ceiling[t] + ToleranceKwh)
            {
                (worstCeiling, firstCeiling) = (Math.Max(worstCeiling, reachLow - ceiling[t]), firstCeiling < 0 ? t : firstCeiling);
                ceiling[t] = reachLow;
            }

            (low, high) = (Math.Max(reachLow, floor[t]), Math.Min(reachHigh, ceiling[t]));
        }

        if (firstFloor >= 0)
        {
            conflicts.Add(new UnmetLimit(device.DeviceId, FloorName(device), firstFloor, worstFloor, "kWh", "the device cannot gain that much energy in time even at full power"));
        }

        if (firstCeiling >= 0)
        {
            conflicts.Add(new UnmetLimit(device.DeviceId, CeilingName(device), firstCeiling, worstCeiling, "kWh", "the device cannot shed that much energy in time even at its lowest power"));
        }

        // Backward: tighten so every later limit stays reachable from anywhere inside the envelope.
        var lower = new double[n];
        var upper = new double[n];
        for (var t = n - 1; t >= 0; t--)
        {
            lower[t] = floor[t];
            upper[t] = ceiling[t];
            if (t < n - 1)
            {
                // The energy from which full power still reaches the next floor, and least power stays under the next ceiling.
                lower[t] = Math.Max(lower[t], device.StoredToReachKwh(t + 1, 0, lower[t + 1], intervalHours) - device.StoredKwh(device.MaxPowerKw[t + 1], intervalHours));
                upper[t] = Math.Min(upper[t], device.StoredToStayUnderKwh(t + 1, 0, upper[t + 1], intervalHours) - device.StoredKwh(device.MinPowerKw[t + 1], intervalHours));
            }
        }

        // Forward again: only energies some feasible trajectory passes through (an EV plugged in a quarter hour ago
        // cannot hold its whole need yet).
        (low, high) = (device.InitialEnergyKwh, device.InitialEnergyKwh);
        for (var t = 0; t < n; t++)
        {
            lower[t] = Math.Max(lower[t], device.NextEnergyKwh(t, low, device.MinPowerKw[t], intervalHours));
            upper[t] = Math.Max(lower[t], Math.Min(upper[t], device.NextEnergyKwh(t, high, device.MaxPowerKw[t], intervalHours)));
            (low, high) = (lower[t], upper[t]);
        }

        return new DeviceEnvelope(device, intervalHours, lower, upper, conflicts);
    }

    /// <summary>The power range at interval <paramref name="t"/> that keeps the device inside the envelope from <paramref name="energyKwh"/>.</summary>
    public (double MinKw, double MaxKw) PowerRange(int t, double energyKwh)
    {
        var d = Device;
        var lowTarget = Math.Max(LowerKwh[t], d.NextEnergyKwh(t, energyKwh, d.MinPowerKw[t], IntervalHours));
        var highTarget = Math.Min(UpperKwh[t], d.NextEnergyKwh(t, energyKwh, d.MaxPowerKw[t], IntervalHours));
        var min = Math.Clamp(d.PowerFor(d.StoredToReachKwh(t, energyKwh, lowTarget, IntervalHours), IntervalHours), d.MinPowerKw[t], d.MaxPowerKw[t]);
        var max = Math.Clamp(d.PowerFor(d.StoredToStayUnderKwh(t, energyKwh, highTarget, IntervalHours), IntervalHours), d.MinPowerKw[t], d.MaxPowerKw[t]);
        return min <= max ? (min, max) : (min, min);
    }

    /// <summary>
    /// Whether the device can draw <paramref name="powerKw"/> in interval <paramref name="t"/> given its minimum running
    /// power: nothing, at least that minimum, or just what fills it to the most it can hold there (a full car stops).
    /// </summary>
    public bool CanRunAt(int t, double energyKwh, double powerKw, double toleranceKw = 1e-6) =>
        powerKw <= toleranceKw
        || powerKw >= Device.RunningFloorKw(t) - toleranceKw
        || Next(t, energyKwh, powerKw) >= Math.Min(UpperKwh[t], Device.MaxEnergyKwh[t]) - (toleranceKw * IntervalHours);

    /// <summary>Energy at the end of interval <paramref name="t"/> after drawing <paramref name="powerKw"/> from <paramref name="energyKwh"/>.</summary>
    public double Next(int t, double energyKwh, double powerKw) => Device.NextEnergyKwh(t, energyKwh, powerKw, IntervalHours);

    private static string FloorName(FlexibleDevice device) => device.Type switch
    {
        Devices.DeviceType.EvCharger => "energy required by departure",
        Devices.DeviceType.Battery => "backup reserve",
        _ => "comfort minimum",
    };

    private static string CeilingName(FlexibleDevice device) => device.Type switch
    {
        Devices.DeviceType.Battery => "battery capacity",
        Devices.DeviceType.EvCharger => "energy the car can take",
        _ => "comfort maximum",
    };
}
