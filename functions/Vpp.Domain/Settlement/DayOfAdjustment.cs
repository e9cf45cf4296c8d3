namespace Vpp.Domain.Settlement;

/// <summary>
/// The day-of adjustment of a like-days baseline: the ratio of what the device drew to what its baseline says over a
/// window before the event (offsets from the event's start, e.g. four hours to one hour before, so pre-conditioning in
/// the last hour does not inflate it), held within <see cref="MinRatio"/>–<see cref="MaxRatio"/> so one odd morning
/// cannot double a customer's credit or wipe it out.
/// </summary>
public sealed record DayOfAdjustment(TimeSpan From, TimeSpan Until, double MinRatio = 0.8, double MaxRatio = 1.2)
{
    public static readonly DayOfAdjustment Default = new(TimeSpan.FromHours(-4), TimeSpan.FromHours(-1));

    /// <summary>No adjustment: the like days' average as it is.</summary>
    public static readonly DayOfAdjustment None = new(TimeSpan.Zero, TimeSpan.Zero, 1, 1);

    /// <summary>The window's intervals of <paramref name="interval"/>, as offsets from the event's start.</summary>
    public TimeSpan[] Offsets(TimeSpan interval) => LikeDays.Offsets(From, (int)Math.Max(0, (Until - From) / interval), interval);

    /// <summary>The ratio as applied: actual over baseline in the window, held within the cap; 1 when the baseline there is nothing.</summary>
    public double Applied(double actualKwh, double baselineKwh) =>
        baselineKwh > 0 && From < Until ? Math.Clamp(actualKwh / baselineKwh, MinRatio, MaxRatio) : 1;
}
