namespace Vpp.Domain.Dispatch;

/// <summary>
/// Watches an event's delivery minute by minute: a minute is short when delivery falls below the target by more than
/// the program's tolerance; two short minutes in a row call for a correction (reserve devices, or deepening), and the
/// count starts again after one, so a correction has a minute to show before the next is asked for.
/// </summary>
public readonly record struct DeliveryWatch(int ShortMinutes)
{
    public const int MinutesBeforeCorrection = 2;

    /// <summary>The watch after one more minute, and how many kW to correct by (0 when no correction is due).</summary>
    public (DeliveryWatch Next, double CorrectionKw) Observe(double deliveredKw, double targetKw, double toleranceKw)
    {
        var shortKw = targetKw - deliveredKw;
        if (!(shortKw > toleranceKw))
        {
            return (new DeliveryWatch(0), 0);
        }

        return ShortMinutes + 1 >= MinutesBeforeCorrection ? (new DeliveryWatch(0), shortKw) : (new DeliveryWatch(ShortMinutes + 1), 0);
    }
}
