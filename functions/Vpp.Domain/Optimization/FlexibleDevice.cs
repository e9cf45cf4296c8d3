using Vpp.Domain.Devices;

namespace Vpp.Domain.Optimization;

/// <summary>
/// Any controllable device as the planner sees it: a generalized battery with time-varying bounds. Power at the meter
/// (kW, consumption positive) moves a stored energy: E[t] = E[t−1] + ηc·p⁺·Δt − p⁻/ηd·Δt − drain[t]·Δt.
/// A battery stores charge; an EV counts the energy delivered since the horizon started (floors are what each departure
/// needs); a water heater or a house stores heat relative to its setpoint, in kWh of electricity, and the drain is the
/// hot water drawn or the heat gained from outdoors (or, below zero, what the weather gives, which fills the store
/// only up to its ceiling). <see cref="BaselinePowerKw"/> is what the device would draw if
/// nobody dispatched it; the planner's effect on the program is the difference from it.
/// </summary>
public sealed record FlexibleDevice
{
    public required string DeviceId { get; init; }

    public required DeviceType Type { get; init; }

    public required double InitialEnergyKwh { get; init; }

    /// <summary>Lowest power per interval (negative when the device can export).</summary>
    public required double[] MinPowerKw { get; init; }

    public required double[] MaxPowerKw { get; init; }

    /// <summary>
    /// Energy leaving the store whatever the device does (hot water drawn, heat gained), per interval. Negative where the
    /// store gains passively (a house in cooling mode on a cool night), which it takes only up to its ceiling: beyond it
    /// the gain spills, as a house's temperature stops where its other mode or the weather holds it (<see cref="NextEnergyKwh"/>).
    /// </summary>
    public required double[] DrainKw { get; init; }

    /// <summary>Energy the device must hold at the end of each interval (backup reserve, EV need by departure, comfort floor).</summary>
    public required double[] MinEnergyKwh { get; init; }

    public required double[] MaxEnergyKwh { get; init; }

    public required double[] BaselinePowerKw { get; init; }

    public double ChargeEfficiency { get; init; } = 1;

    public double DischargeEfficiency { get; init; } = 1;

    /// <summary>
    /// When the device draws, it draws at least this much (an EV charger cannot offer a car less than 6 A), or only
    /// what tops the store up to what it can hold (the car is full and stops); 0 when any power in range works.
    /// </summary>
    public double MinRunningPowerKw { get; init; }

    /// <summary>The lowest power the device can run at in interval <paramref name="t"/> (its ceiling there, if that is lower).</summary>
    public double RunningFloorKw(int t) => Math.Min(MinRunningPowerKw, MaxPowerKw[t]);

    /// <summary>
    /// Whether the store should end the horizon no emptier than it started, or than it would end undispatched (a battery
    /// or a tank is not emptied for tomorrow; a tank cooling to its setpoint need not be reheated).
    /// </summary>
    public bool ReturnsToStart { get; init; }

    /// <summary>
    /// The intervals the device is out of the program's control (an opt-out): there its power is held at its baseline,
    /// what it draws on its own settings. Null when it is in control throughout.
    /// </summary>
    public bool[]? Held { get; init; }

    public int Intervals => MinPowerKw.Length;

    /// <summary>Whether the device is out of the program's control in interval <paramref name="t"/>.</summary>
    public bool IsHeld(int t) => Held is { } held && held[t];

    /// <summary>
    /// The device with its power held at its baseline in the intervals <paramref name="held"/> marks, as a device out
    /// of control runs on its own settings; the plan may still move it before and after.
    /// </summary>
    public FlexibleDevice HeldAtBaseline(bool[] held)
    {
        if (held.Length != Intervals)
        {
            throw new ArgumentException($"{held.Length} intervals marked for a device planned over {Intervals}.", nameof(held));
        }

        if (!held.Any(h => h))
        {
            return this;
        }

        var min = (double[])MinPowerKw.Clone();
        var max = (double[])MaxPowerKw.Clone();
        for (var t = 0; t < held.Length; t++)
        {
            if (held[t])
            {
                (min[t], max[t]) = (BaselinePowerKw[t], BaselinePowerKw[t]);
            }
        }

        return this with { MinPowerKw = min, MaxPowerKw = max, Held = (bool[])held.Clone() };
    }

    /// <summary>Energy change of the store for power <paramref name="powerKw"/> over one interval, before the drain.</summary>
    public double StoredKwh(double powerKw, double intervalHours) =>
        powerKw >= 0 ? powerKw * ChargeEfficiency * intervalHours : powerKw / DischargeEfficiency * intervalHours;

    /// <summary>The power that changes the store by <paramref name="storedKwh"/> over one interval (inverse of <see cref="StoredKwh"/>).</summary>
    public double PowerFor(double storedKwh, double intervalHours) =>
        storedKwh >= 0 ? storedKwh / ChargeEfficiency / intervalHours : storedKwh * DischargeEfficiency / intervalHours;

    /// <summary>
    /// What the device draws back after following <paramref name="plannedKw"/> instead of its baseline through the
    /// first <paramref name="intervals"/> intervals: how far its store ends below the undispatched one (a cooler tank, a
    /// warmer house, a car with less charge), in kWh at the meter; none when it ends as full or fuller.
    /// </summary>
    public double CatchUpKwh(IReadOnlyList<double> plannedKw, int intervals, double intervalHours)
    {
        ArgumentNullException.ThrowIfNull(plannedKw);
        var planned = InitialEnergyKwh;
        var undispatched = InitialEnergyKwh;
        for (var t = 0; t < intervals; t++)
        {
            planned = NextEnergyKwh(t, planned, plannedKw[t], intervalHours);
            undispatched = NextEnergyKwh(t, undispatched, BaselinePowerKw[t], intervalHours);
        }

        return undispatched > planned ? PowerFor(undispatched - planned, 1) : 0;
    }

    /// <summary>
    /// The least the device can draw from interval <paramref name="first"/> on, within its limits: its plan moved down by
    /// one amount throughout (each interval no lower than its power floor), as far as its store stays above its floor to
    /// the end (a battery's backup reserve, a tank's comfort floor, a car's need by departure), or no lower than the plan
    /// already takes it. Its power floor alone would empty a battery long before the end; an even move keeps the shed
    /// through the last interval. Before <paramref name="first"/> it is the plan.
    /// </summary>
    public double[] FloorFrom(IReadOnlyList<double> plannedKw, int first, double intervalHours)
    {
        ArgumentNullException.ThrowIfNull(plannedKw);
        var floorKwh = Energies(plannedKw, intervalHours).Select((e, t) => Math.Min(e, MinEnergyKwh[t]) - 1e-6).ToArray();
        double[] Moved(double byKw) => [.. plannedKw.Select((p, t) => t < first ? p : Math.Min(p, Math.Max(MinPowerKw[t], p - byKw)))];
        bool Fits(double byKw) => Energies(Moved(byKw), intervalHours).Select((e, t) => e >= floorKwh[t]).All(above => above);

        // Less power never fills a store, so whether a move fits shrinks with its size: bisect it.
        var (fits, breaks) = (0.0, Enumerable.Range(first, Math.Max(0, Intervals - first)).Select(t => plannedKw[t] - MinPowerKw[t]).DefaultIfEmpty(0).Max());
        if (Fits(breaks))
        {
            return Moved(breaks);
        }

        for (var i = 0; i < 40 && breaks - fits > 1e-4; i++)
        {
            var middle = (fits + breaks) / 2;
            (fits, breaks) = Fits(middle) ? (middle, breaks) : (fits, middle);
        }

        return Moved(fits);
    }

    /// <summary>The store at the end of each interval drawing <paramref name="powerKw"/>.</summary>
    private double[] Energies(IReadOnlyList<double> powerKw, double intervalHours)
    {
        var energies = new double[Intervals];
        var energy = InitialEnergyKwh;
        for (var t = 0; t < Intervals; t++)
        {
            energies[t] = energy = NextEnergyKwh(t, energy, powerKw[t], intervalHours);
        }

        return energies;
    }

    /// <summary>Stored energy at the end of interval <paramref name="t"/> after drawing <paramref name="powerKw"/> from <paramref name="energyKwh"/>.</summary>
    public double NextEnergyKwh(int t, double energyKwh, double powerKw, double intervalHours) =>
        Step(energyKwh, StoredKwh(powerKw, intervalHours), DrainKw[t] * intervalHours, MaxEnergyKwh[t]);

    /// <summary>A store's next energy: what power stored, less the drain; a passive gain (a negative drain) fills it only to its ceiling.</summary>
    internal static double Step(double energyKwh, double storedKwh, double drainKwh, double ceilingKwh)
    {
        var held = energyKwh + storedKwh;
        return drainKwh < 0 ? Math.Min(held - drainKwh, Math.Max(held, ceilingKwh)) : held - drainKwh;
    }

    /// <summary>The least change of the store by power in interval <paramref name="t"/> that ends it at or above <paramref name="toKwh"/>.</summary>
    public double StoredToReachKwh(int t, double fromKwh, double toKwh, double intervalHours) =>
        toKwh - fromKwh + (SpillsBelow(t, toKwh, inclusive: false) ? 0 : DrainKw[t] * intervalHours);

    /// <summary>The most change of the store by power in interval <paramref name="t"/> that ends it at or below <paramref name="toKwh"/>.</summary>
    public double StoredToStayUnderKwh(int t, double fromKwh, double toKwh, double intervalHours) =>
        toKwh - fromKwh + (SpillsBelow(t, toKwh, inclusive: true) ? 0 : DrainKw[t] * intervalHours);

    /// <summary>Whether a passive gain in interval <paramref name="t"/> stops short of <paramref name="levelKwh"/>: only power takes the store there.</summary>
    private bool SpillsBelow(int t, double levelKwh, bool inclusive) =>
        DrainKw[t] < 0 && (inclusive ? levelKwh >= MaxEnergyKwh[t] : levelKwh > MaxEnergyKwh[t]);

    /// <summary>The arrays' lengths agree and every bound is a number; returns what is wrong.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var n = MinPowerKw.Length;
        foreach (var (name, values) in new[] { ("maxPowerKw", MaxPowerKw), ("drainKw", DrainKw), ("minEnergyKwh", MinEnergyKwh), ("maxEnergyKwh", MaxEnergyKwh), ("baselinePowerKw", BaselinePowerKw) })
        {
            if (values.Length != n)
            {
                errors.Add($"{DeviceId}: {name} has {values.Length} intervals, minPowerKw has {n}");
            }
        }

        if (MinRunningPowerKw < 0 || !double.IsFinite(MinRunningPowerKw))
        {
            errors.Add($"{DeviceId}: the minimum running power must be a number of at least 0 kW");
        }

        if (ChargeEfficiency is <= 0 or > 1 || DischargeEfficiency is <= 0 or > 1)
        {
            errors.Add($"{DeviceId}: efficiencies must be in (0, 1]");
        }

        for (var t = 0; t < n && errors.Count == 0; t++)
        {
            if (!double.IsFinite(MinPowerKw[t]) || !double.IsFinite(MaxPowerKw[t]) || MinPowerKw[t] > MaxPowerKw[t])
            {
                errors.Add($"{DeviceId}: interval {t} power bounds [{MinPowerKw[t]}, {MaxPowerKw[t]}] kW are not a range");
            }
        }

        return errors;
    }
}
