using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Settlement;

/// <summary>
/// What a device delivered in an event, interval by interval: for a reduction (and a frequency response, which sheds)
/// max(0, baseline − actual), for an increase max(0, actual − baseline); never more in an interval than the device can
/// swing between its rated import and export, so a baseline inflated by a bad reading cannot pay for energy no device
/// of its size could move.
/// </summary>
public static class DeliveredEnergy
{
    public static double[] PerInterval(IReadOnlyList<double> baselineKwh, IReadOnlyList<double> actualKwh, DispatchEventKind kind, double maxSwingKw, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(baselineKwh);
        ArgumentNullException.ThrowIfNull(actualKwh);
        if (baselineKwh.Count != actualKwh.Count)
        {
            throw new ArgumentException($"{baselineKwh.Count} baseline intervals against {actualKwh.Count} metered", nameof(actualKwh));
        }

        var ceilingKwh = Math.Max(0, maxSwingKw) * interval.TotalHours;
        var sign = kind == DispatchEventKind.Increase ? -1 : 1;
        return [.. baselineKwh.Select((baseline, i) => Math.Min(ceilingKwh, Math.Max(0, sign * (baseline - actualKwh[i]))))];
    }
}
