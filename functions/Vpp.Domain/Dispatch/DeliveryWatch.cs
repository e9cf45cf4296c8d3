namespace Vpp.Domain.Dispatch;

/// <summary>
/// Watches an event's delivery minute by minute: a minute is short when delivery falls below the target by more than
/// the program's tolerance; two short minutes in a row call for a correction (reserve devices, or deepening). Devices
/// need time to answer a command (it reaches the twin in seconds, the device acts at its next step and the reading
/// that shows it comes a minute later), so the first <see cref="ResponseMinutes"/> after the start, and after each
/// correction, are not counted: a shortfall the devices are still closing is not covered twice. A correction aims the
/// tolerance above the target, not at it: an evening's load keeps growing under a baseline learned per hour, and
/// delivery brought back only to the target would fall straight back below it.
/// </summary>
public readonly record struct DeliveryWatch(int ShortMinutes, int SettlingMinutes)
{
    public const int MinutesBeforeCorrection = 2;

    /// <summary>How long after a command its devices' readings show it: a device stepping and reporting each minute.</summary>
    public const int ResponseMinutes = 3;

    /// <summary>The watch at an event's start, its devices just commanded.</summary>
    public static DeliveryWatch Start => new(0, ResponseMinutes);

    /// <summary>The watch after one more minute, and how many kW to correct by (0 when no correction is due): the shortfall and the tolerance.</summary>
    public (DeliveryWatch Next, double CorrectionKw) Observe(double deliveredKw, double targetKw, double toleranceKw)
    {
        if (SettlingMinutes > 0)
        {
            return (new DeliveryWatch(0, SettlingMinutes - 1), 0);
        }

        var shortKw = targetKw - deliveredKw;
        if (!(shortKw > toleranceKw))
        {
            return (new DeliveryWatch(0, 0), 0);
        }

        return ShortMinutes + 1 >= MinutesBeforeCorrection ? (new DeliveryWatch(0, ResponseMinutes), shortKw + toleranceKw) : (new DeliveryWatch(ShortMinutes + 1, 0), 0);
    }
}
