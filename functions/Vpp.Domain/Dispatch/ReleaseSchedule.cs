using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// When each device is released after an event. Released at once, every tank, house and car that deferred load takes it
/// back together, at full power, and the fleet sets a new peak; spread at random, they still overlap wherever catch-ups
/// last longer than the spread. So releases are fitted: devices are taken in the order their customers notice being held
/// (<see cref="CustomerImpact"/>: a warm house first, a car that stays plugged in last, its catch-up going where the
/// others' have passed), largest catch-up first within a type (ties by a draw of device and event), and each is released at the earliest slot of the window at which the held fleet, the devices
/// already released and its own catch-up stay under the cap (the fleet's undispatched peak, less a margin); where no
/// slot fits, at the first where the fleet's load peaks lowest. Until its release a device is held, drawing only what its limits need. Within its
/// slot the moment is drawn (<see cref="DispatchDraw.Uniform"/> of device, event and end), so slots do not start in step.
/// The schedule depends only on its inputs: a retry or replay computes the same.
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
        if (window <= TimeSpan.Zero)
        {
            return devices.ToDictionary(d => d.DeviceId, _ => TimeSpan.Zero, StringComparer.Ordinal);
        }

        var slot = window < Slot ? window : Slot;
        var slots = (int)(window / slot);
        // Its moment within the slot, and the slots its catch-up reaches into from there.
        var within = devices.ToDictionary(d => d.DeviceId, d => TimeSpan.FromSeconds(Math.Floor(DispatchDraw.Uniform(d.DeviceId, eventId, endUtc) * slot.TotalSeconds)), StringComparer.Ordinal);
        var spans = devices.ToDictionary(d => d.DeviceId, d => d.CatchUp > TimeSpan.Zero ? (int)Math.Ceiling((within[d.DeviceId] + d.CatchUp) / slot) : 0, StringComparer.Ordinal);
        // The load is followed until the last slot's longest catch-up is over; after that only baselines change it.
        var load = Enumerable.Repeat(devices.Sum(d => d.HeldKw), slots + (spans.Count == 0 ? 0 : spans.Values.Max()) + 1).ToArray();
        var releases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var device in devices.OrderByDescending(d => CustomerImpact.PerKwh(d.Type)).ThenByDescending(d => d.CatchUpKwh).ThenBy(d => DispatchDraw.Uniform(d.DeviceId, eventId + "/release-order", endUtc)))
        {
            var span = spans[device.DeviceId];
            var chosen = -1;
            var lowestPeak = double.PositiveInfinity;
            for (var k = 0; k < slots; k++)
            {
                var (peak, overload) = Release(load, device, k, span, capKw);
                if (overload <= 1e-9)
                {
                    chosen = k;
                    break;
                }

                if (peak < lowestPeak - 1e-9)
                {
                    (chosen, lowestPeak) = (k, peak);
                }
            }

            for (var t = chosen; t < load.Length; t++)
            {
                load[t] += Added(device, t - chosen, span);
            }

            releases[device.DeviceId] = (slot * chosen) + within[device.DeviceId];
        }

        return releases;
    }

    /// <summary>
    /// Were the device released at <paramref name="slot"/>: the fleet's highest load, and how much more it would draw
    /// above the cap than it does (kW summed over slots; none when the device fits).
    /// </summary>
    private static (double Peak, double Overload) Release(double[] load, ReleaseCandidate device, int slot, int span, double capKw)
    {
        var peak = double.NegativeInfinity;
        var overload = 0.0;
        for (var t = 0; t < load.Length; t++)
        {
            var after = load[t] + (t < slot ? 0 : Added(device, t - slot, span));
            peak = Math.Max(peak, after);
            overload += Math.Max(0, after - capKw) - Math.Max(0, load[t] - capKw);
        }

        return (peak, overload);
    }

    /// <summary>What releasing the device adds to the load <paramref name="since"/> slots after: its catch-up, then its baseline, instead of what it held.</summary>
    private static double Added(ReleaseCandidate device, int since, int span) => (since < span ? device.CatchUpKw : device.BaselineKw) - device.HeldKw;
}
