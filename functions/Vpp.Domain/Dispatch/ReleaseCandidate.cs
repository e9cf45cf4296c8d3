using Vpp.Domain.Devices;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// A device to release after an event, as <see cref="ReleaseSchedule"/> sees it: what it draws while held, deferring
/// what it can (<see cref="HeldKw"/>), what it draws back on its own settings (<see cref="BaselineKw"/>), and what it
/// catches up first: <see cref="CatchUpKwh"/> taken at <see cref="CatchUpKw"/> (a tank reheating at its element's
/// power, a car charging at the charger's, a house re-cooling with the compressor running). Its <see cref="Type"/> says
/// how long its customer notices being held (<see cref="Optimization.CustomerImpact"/>).
/// </summary>
public sealed record ReleaseCandidate(string DeviceId, DeviceType Type, double HeldKw, double BaselineKw, double CatchUpKwh, double CatchUpKw)
{
    /// <summary>How long its catch-up lasts: none when it has nothing to take back or no power to take it with.</summary>
    public TimeSpan CatchUp => CatchUpKwh > 0 && CatchUpKw > 0 ? TimeSpan.FromHours(CatchUpKwh / CatchUpKw) : TimeSpan.Zero;

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
}
