namespace Vpp.Domain.Dispatch;

/// <summary>
/// A device to release after an event, as <see cref="ReleaseSchedule"/> sees it: what it draws while held, deferring
/// what it can (<see cref="HeldKw"/>), what it draws back on its own settings (<see cref="BaselineKw"/>), and what it
/// catches up first: <see cref="CatchUpKwh"/> taken at <see cref="CatchUpKw"/> (a tank reheating at its element's
/// power, a car charging at the charger's, a house re-cooling with the compressor running).
/// </summary>
public sealed record ReleaseCandidate(string DeviceId, double HeldKw, double BaselineKw, double CatchUpKwh, double CatchUpKw)
{
    /// <summary>How long its catch-up lasts: none when it has nothing to take back or no power to take it with.</summary>
    public TimeSpan CatchUp => CatchUpKwh > 0 && CatchUpKw > 0 ? TimeSpan.FromHours(CatchUpKwh / CatchUpKw) : TimeSpan.Zero;
}
