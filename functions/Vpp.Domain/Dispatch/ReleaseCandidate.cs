using Vpp.Domain.Devices;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// A device to release after an event, as <see cref="ReleaseSchedule"/> sees it: what it draws while held, deferring
/// what it can (<see cref="HeldKw"/>), what it would draw on its own settings in each <see cref="ReleaseSchedule.Slot"/>
/// after the end (<see cref="BaselineAfterKw"/>; the last value holds beyond), and what it catches up first: <see cref="CatchUpKwh"/>
/// taken at <see cref="CatchUpKw"/> (a tank reheating at its element's power, a car charging at the charger's, a house
/// re-cooling with the compressor running). Held past the end it defers its baseline too, and owes that back as well.
/// Its <see cref="Type"/> says how long its customer notices being held (<see cref="Optimization.CustomerImpact"/>).
/// </summary>
public sealed record ReleaseCandidate(string DeviceId, DeviceType Type, double HeldKw, IReadOnlyList<double> BaselineAfterKw, double CatchUpKwh, double CatchUpKw)
{
    /// <summary>Its undispatched draw <paramref name="sinceEnd"/> after the end.</summary>
    public double BaselineAt(TimeSpan sinceEnd) =>
        BaselineAfterKw.Count == 0 ? 0 : BaselineAfterKw[Math.Min((int)(sinceEnd / ReleaseSchedule.Slot), BaselineAfterKw.Count - 1)];

    /// <summary>
    /// What it owes back when released <paramref name="heldFor"/> after the end: its catch-up and the draw from the grid
    /// it deferred while held. A device with no power to catch up with owes nothing.
    /// </summary>
    public double CatchUpKwhAfter(TimeSpan heldFor)
    {
        var owed = CatchUpKwh;
        for (var from = TimeSpan.Zero; from < heldFor; from += ReleaseSchedule.Slot)
        {
            var held = Min(heldFor - from, ReleaseSchedule.Slot);
            owed += Math.Max(0, BaselineAt(from) - Math.Max(0, HeldKw)) * held.TotalHours;
        }

        return CatchUpKw > 0 ? owed : 0;
    }

    /// <summary>
    /// What a plan held the device from, in kWh at the meter: its undispatched draw less its planned one, where that is
    /// more. A car owes all of it back (it still wants the charge), whatever its planning model's store says.
    /// </summary>
    public static double DeferredKwh(IReadOnlyList<double> baselineKw, IReadOnlyList<double> plannedKw, double intervalHours)
    {
        ArgumentNullException.ThrowIfNull(baselineKw);
        ArgumentNullException.ThrowIfNull(plannedKw);
        return Enumerable.Range(0, Math.Min(baselineKw.Count, plannedKw.Count)).Sum(t => Math.Max(0, baselineKw[t] - plannedKw[t])) * intervalHours;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
