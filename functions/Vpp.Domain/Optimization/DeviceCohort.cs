using Vpp.Domain.Devices;

namespace Vpp.Domain.Optimization;

/// <summary>
/// Similar devices planned as one virtual battery: the members' envelopes, power bounds, drains and baselines add up.
/// Members share a type and efficiencies (so the cohort's losses are exact) and a shape (same hours plugged in, similar
/// power for their room), so they can follow the cohort's trajectory together; <see cref="Disaggregation"/> splits the
/// cohort's plan back to members. For storage that starts at different states of charge, the cohort's power is derated
/// to what members can deliver while sharing in proportion to their room (the member with the least power per room binds).
/// </summary>
public sealed class DeviceCohort
{
    public DeviceCohort(string name, IReadOnlyList<DeviceEnvelope> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("A cohort needs at least one member.", nameof(members));
        }

        Name = name;
        Members = members;
        var first = members[0].Device;
        Type = first.Type;
        ChargeEfficiency = first.ChargeEfficiency;
        DischargeEfficiency = first.DischargeEfficiency;
        ReturnsToStart = first.ReturnsToStart;
        var n = first.Intervals;
        InitialEnergyKwh = members.Sum(m => m.Device.InitialEnergyKwh);
        LowerKwh = Sum(members, n, m => m.LowerKwh);
        UpperKwh = Sum(members, n, m => m.UpperKwh);
        DrainKw = Sum(members, n, m => m.Device.DrainKw);
        BaselinePowerKw = Sum(members, n, m => m.Device.BaselinePowerKw);
        MinPowerKw = Sum(members, n, m => m.Device.MinPowerKw);
        MaxPowerKw = Sum(members, n, m => m.Device.MaxPowerKw);
        MinRunningPowerKw = members.Count == 1 ? first.MinRunningPowerKw : 0;
        UndispatchedEndKwh = Enumerable.Range(0, n).Aggregate(InitialEnergyKwh, (energy, t) => NextEnergyKwh(t, energy, BaselinePowerKw[t]));
        if (Type == DeviceType.Battery && members.Count > 1)
        {
            // A battery's power rating is the same in every interval but those an opt-out holds it at rest.
            var charge = Derated(members, m => m.Device.MaxPowerKw.Max(), m => (m.Device.MaxEnergyKwh[0] - m.Device.InitialEnergyKwh) / m.Device.ChargeEfficiency);
            var discharge = Derated(members, m => -m.Device.MinPowerKw.Min(), m => (m.Device.InitialEnergyKwh - m.Device.MinEnergyKwh[0]) * m.Device.DischargeEfficiency);
            for (var t = 0; t < n; t++)
            {
                MaxPowerKw[t] = Math.Min(MaxPowerKw[t], charge);
                MinPowerKw[t] = Math.Max(MinPowerKw[t], -discharge);
            }
        }
    }

    public string Name { get; }

    public DeviceType Type { get; }

    public IReadOnlyList<DeviceEnvelope> Members { get; }

    public double ChargeEfficiency { get; }

    public double DischargeEfficiency { get; }

    public bool ReturnsToStart { get; }

    public double InitialEnergyKwh { get; }

    public double[] LowerKwh { get; }

    public double[] UpperKwh { get; }

    /// <summary>The members' drains; where they sum to a passive gain, the cohort takes it up to its ceiling (<see cref="NextEnergyKwh"/>).</summary>
    public double[] DrainKw { get; }

    public double[] BaselinePowerKw { get; }

    public double[] MinPowerKw { get; }

    public double[] MaxPowerKw { get; }

    /// <summary>
    /// A lone device's minimum running power. Many chargers together can draw any total (some pause while others run),
    /// so a cohort of several has none; <see cref="Disaggregation"/> rounds its members.
    /// </summary>
    public double MinRunningPowerKw { get; }

    public bool CanExport => MinPowerKw.Any(p => p < 0);

    /// <summary>Where the cohort's store ends the horizon if every member keeps its baseline (computed once: every repair round's LP asks).</summary>
    public double UndispatchedEndKwh { get; }

    /// <summary>
    /// The cohort's stored energy at the end of interval <paramref name="t"/> after drawing <paramref name="powerKw"/>, as
    /// the planner's model has it: a passive gain spills at the cohort's ceiling, as each member's spills at its own.
    /// </summary>
    public double NextEnergyKwh(int t, double energyKwh, double powerKw)
    {
        var hours = Members[0].IntervalHours;
        var storedKwh = (powerKw >= 0 ? powerKw * ChargeEfficiency : powerKw / DischargeEfficiency) * hours;
        return FlexibleDevice.Step(energyKwh, storedKwh, DrainKw[t] * hours, UpperKwh[t]);
    }

    /// <summary>
    /// Groups devices into cohorts: batteries by efficiency and C-rate; EVs by the intervals they are plugged in and
    /// charger power; water heaters and thermostats by element or compressor power, how full their store is and how fast
    /// it drains or gains (the drain's mean size per kW of element, in steps of 5 %: a house that gains at night as
    /// much as it loses by day does not drain like one that does neither).
    /// Each device's envelope is computed once here, with any conflicts it reports.
    /// </summary>
    public static IReadOnlyList<DeviceCohort> Group(IEnumerable<FlexibleDevice> devices, double intervalHours) =>
        devices
            .Select(d => DeviceEnvelope.Of(d, intervalHours))
            .GroupBy(Key)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DeviceCohort(g.Key, g.ToList()))
            .ToList();

    /// <summary>Each device on its own: the exact device-level problem, for measuring the price of aggregation.</summary>
    public static IReadOnlyList<DeviceCohort> Individually(IEnumerable<FlexibleDevice> devices, double intervalHours) =>
        devices.Select(d => new DeviceCohort(d.DeviceId, [DeviceEnvelope.Of(d, intervalHours)])).ToList();

    /// <summary>The cohort a device belongs to; devices held out of control share a cohort only with those held in the same intervals.</summary>
    private static string Key(DeviceEnvelope envelope) =>
        envelope.Device.Held is { } held ? $"{ShapeKey(envelope)}|held {Runs(held.Length, t => held[t])}" : ShapeKey(envelope);

    private static string ShapeKey(DeviceEnvelope envelope)
    {
        var d = envelope.Device;
        var peakKw = d.MaxPowerKw.Max();
        var room = envelope.UpperKwh[0] - envelope.LowerKwh[0];
        var fill = room > 1e-6 ? (d.InitialEnergyKwh - envelope.LowerKwh[0]) / room : 0;
        return d.Type switch
        {
            DeviceType.Battery => FormattableString.Invariant(
                $"battery|eta {Math.Round(d.ChargeEfficiency, 2)}|c {Math.Round(peakKw / Math.Max(0.1, d.MaxEnergyKwh[0] - d.MinEnergyKwh[0]) / 0.05)}"),
            DeviceType.EvCharger => FormattableString.Invariant($"ev|plugged {Runs(d.Intervals, t => d.MaxPowerKw[t] > 0)}|kw {Math.Round(peakKw)}"),
            _ => FormattableString.Invariant($"{d.Type.ToWire()}|kw {Math.Round(peakKw * 2) / 2}|fill {Math.Round(fill * 4)}|drain {Math.Round(d.DrainKw.Sum(Math.Abs) / d.Intervals / Math.Max(0.01, peakKw) * 20)}"),
        };
    }

    /// <summary>The intervals where <paramref name="marked"/> holds, as runs ("0-27,72-95"): an EV cohort's members share the intervals they can draw power in.</summary>
    private static string Runs(int intervals, Func<int, bool> marked)
    {
        var runs = new List<string>();
        for (var t = 0; t < intervals; t++)
        {
            if (marked(t) && (t == 0 || !marked(t - 1)))
            {
                var end = t;
                while (end + 1 < intervals && marked(end + 1))
                {
                    end++;
                }

                runs.Add(FormattableString.Invariant($"{t}-{end}"));
            }
        }

        return string.Join(',', runs);
    }

    private static double[] Sum(IReadOnlyList<DeviceEnvelope> members, int n, Func<DeviceEnvelope, double[]> values)
    {
        var sum = new double[n];
        foreach (var member in members)
        {
            var v = values(member);
            for (var t = 0; t < n; t++)
            {
                sum[t] += v[t];
            }
        }

        return sum;
    }

    private static double Derated(IReadOnlyList<DeviceEnvelope> members, Func<DeviceEnvelope, double> power, Func<DeviceEnvelope, double> headroom)
    {
        var total = members.Sum(power);
        var room = members.Sum(m => Math.Max(0, headroom(m)));
        var bound = members.Where(m => headroom(m) > 1e-9).Select(m => power(m) * room / headroom(m)).DefaultIfEmpty(total).Min();
        return Math.Min(total, bound);
    }
}
