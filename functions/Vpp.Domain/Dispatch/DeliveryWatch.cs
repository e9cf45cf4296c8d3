namespace Vpp.Domain.Dispatch;

/// <summary>
/// Watches an event's delivery minute by minute: a minute is short when delivery falls below the target by more than
/// the program's tolerance; two short minutes in a row call for a correction (reserve devices, or deepening). Devices
/// need time to answer a command (it reaches the twin in seconds, the device acts at its next step and the reading
/// that shows it comes an interval later), so the minutes after the start, and after each correction, are not counted
/// until the devices' readings can show it (<see cref="ResponseMinutes"/>, which grows with how often they report): a
/// shortfall the devices are still closing is not covered twice. A correction aims the tolerance above the target, not
/// at it: an evening's load keeps growing under a baseline learned per hour, and delivery brought back only to the
/// target would fall straight back below it.
/// </summary>
/// <param name="ShortMinutes">Short minutes in a row so far.</param>
/// <param name="MinutesSinceCommand">Minutes since devices were last commanded while their answer cannot show yet; null once it can.</param>
public readonly record struct DeliveryWatch(int ShortMinutes, int? MinutesSinceCommand)
{
    public const int MinutesBeforeCorrection = 2;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The watch at an event's start, its devices just commanded.</summary>
    public static DeliveryWatch Start => new(0, 0);

    /// <summary>
    /// How many minutes after a command its devices' readings show it: the step the device takes (a minute), then the
    /// interval under way when it stepped and the one that shows it (three minutes for devices reporting each minute).
    /// </summary>
    public static int ResponseMinutes(TimeSpan reportingInterval) =>
        1 + (2 * (int)Math.Ceiling(Math.Max(reportingInterval.Ticks, Minute.Ticks) / (double)Minute.Ticks));

    /// <summary>
    /// The watch after one more minute, and how many kW to correct by (0 when no correction is due): the shortfall and
    /// the tolerance. <paramref name="reportingInterval"/> is how often the commanded devices report (zero when unknown:
    /// taken as a minute).
    /// </summary>
    public (DeliveryWatch Next, double CorrectionKw) Observe(double deliveredKw, double targetKw, double toleranceKw, TimeSpan reportingInterval)
    {
        if (MinutesSinceCommand is { } since && since + 1 <= ResponseMinutes(reportingInterval))
        {
            return (new DeliveryWatch(0, since + 1), 0);
        }

        var shortKw = targetKw - deliveredKw;
        if (!(shortKw > toleranceKw))
        {
            return (new DeliveryWatch(0, null), 0);
        }

        return ShortMinutes + 1 >= MinutesBeforeCorrection ? (Start, shortKw + toleranceKw) : (new DeliveryWatch(ShortMinutes + 1, null), 0);
    }
}
