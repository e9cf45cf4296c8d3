using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// When each device is released after an event. Released at once, every tank, house and car that deferred load takes it
/// back together, at full power, and the fleet sets a new peak; spread at random, they still overlap wherever catch-ups
/// last longer than the spread. So releases are fitted: devices are taken in the order their customers notice being held
/// (<see cref="CustomerImpact"/>: a warm house first, a car that stays plugged in last, its catch-up going where the
/// others' have passed), largest catch-up first within a type (ties by a draw of device and event), and each is
/// released at the earliest slot of the window at which the held fleet, the devices already released and its own
/// catch-up stay under the cap (the fleet's undispatched peak, less a margin); where no slot fits, at the first where the
/// fleet's load peaks lowest. The load is followed slot by slot: a released device draws its own baseline for that time
/// of evening (cars coming home, tanks going quiet), so a catch-up goes where the evening's load has fallen away; a
/// device held longer owes back what it deferred meanwhile too. Until its release a device is held, drawing only what
/// its limits need. Within its slot the moment is drawn (<see cref="DispatchDraw.Uniform"/> of device, event and end),
/// so slots do not start in step. The schedule depends only on its inputs: a retry or replay computes the same.
/// </summary>
public static class ReleaseSchedule
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(90);

    /// <summary>The grid releases are fitted on (a shorter window is one slot).</summary>
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(5);

    /// <summary>Each device's release after the end, within [0, <paramref name="window"/>); all at once without a window.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Fit(string eventId, DateTimeOffset endUtc, IReadOnlyList<ReleaseCandidate> devices, double capKw, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (window <= TimeSpan.Zero || devices.Count == 0)
        {
            return devices.ToDictionary(d => d.DeviceId, _ => TimeSpan.Zero, StringComparer.Ordinal);
        }

        var slot = window < Slot ? window : Slot;
        var slots = (int)(window / slot);
        // Its moment within the slot: slots do not start in step.
        var within = devices.ToDictionary(d => d.DeviceId, d => TimeSpan.FromSeconds(Math.Floor(DispatchDraw.Uniform(d.DeviceId, eventId, endUtc) * slot.TotalSeconds)), StringComparer.Ordinal);
        // The load is followed while baselines are known and until the longest catch-up of the last slot could be over.
        var horizon = slots + 1 + (int)Math.Ceiling(devices.Max(d => d.BaselineAfterKw.Count) * (Slot / slot))
                      + devices.Max(d => d.CatchUpKw > 0 ? (int)Math.Ceiling(d.CatchUpKwhAfter(window) / d.CatchUpKw / slot.TotalHours) : 0);
        var load = Enumerable.Repeat(devices.Sum(d => d.HeldKw), horizon).ToArray();
        var releases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var device in devices.OrderByDescending(d => CustomerImpact.PerKwh(d.Type)).ThenByDescending(d => d.CatchUpKwh).ThenBy(d => DispatchDraw.Uniform(d.DeviceId, eventId + "/release-order", endUtc)))
        {
            double[]? chosen = null;
            var release = TimeSpan.Zero;
            var lowestPeak = double.PositiveInfinity;
            for (var k = 0; k < slots; k++)
            {
                var at = (slot * k) + within[device.DeviceId];
                var added = Added(device, at, slot, horizon);
                var (peak, overload) = Release(load, added, capKw);
                if (overload <= 1e-9)
                {
                    (chosen, release) = (added, at);
                    break;
                }

                if (peak < lowestPeak - 1e-9)
                {
                    (chosen, release, lowestPeak) = (added, at, peak);
                }
            }

            for (var t = 0; t < load.Length; t++)
            {
                load[t] += chosen![t];
            }

            releases[device.DeviceId] = release;
        }

        return releases;
    }

    /// <summary>
    /// Were <paramref name="added"/> added to the load: the fleet's highest load, and how much more it would draw above
    /// the cap than it does (kW summed over slots; none when the device fits).
    /// </summary>
    private static (double Peak, double Overload) Release(double[] load, double[] added, double capKw)
    {
        var peak = double.NegativeInfinity;
        var overload = 0.0;
        for (var t = 0; t < load.Length; t++)
        {
            var after = load[t] + added[t];
            peak = Math.Max(peak, after);
            overload += Math.Max(0, after - capKw) - Math.Max(0, load[t] - capKw);
        }

        return (peak, overload);
    }

    /// <summary>
    /// What releasing the device <paramref name="release"/> after the end adds to each slot's load: until then it is
    /// held; then it runs at full power until it has taken back what it owes by then, which it does only as fast as full
    /// power exceeds what it would draw anyway (a car that would be charging half the time repays half as fast); then it
    /// draws its baseline. A slot its catch-up touches counts at full power, so catch-ups meeting within a slot are not
    /// counted as taking turns.
    /// </summary>
    private static double[] Added(ReleaseCandidate device, TimeSpan release, TimeSpan slot, int horizon)
    {
        var first = (int)(release / slot);
        var owedKwh = device.CatchUpKwhAfter(release);
        var added = new double[horizon];
        for (var s = first; s < horizon; s++)
        {
            var baselineKw = device.BaselineAt(slot * s);
            if (owedKwh <= 1e-9)
            {
                added[s] = baselineKw - device.HeldKw;
                continue;
            }

            added[s] = device.CatchUpKw - device.HeldKw;
            var catchingUp = s == first ? (slot * (first + 1)) - release : slot;
            owedKwh -= Math.Max(0, device.CatchUpKw - baselineKw) * catchingUp.TotalHours;
        }

        return added;
    }
}
