namespace Vpp.Domain.Settlement;

/// <summary>
/// Meter before / meter after, for fast events and batteries: the device's mean power over the minutes just before
/// the event (a window of them before its start) is its baseline for every interval of the event. A reading missing from that
/// window leaves no estimate: a battery's last minutes are too short a sample to guess across a gap.
/// </summary>
public static class MeterBeforeBaseline
{
    public const string Method = "meter before";

    /// <param name="history">The device's metered energy per reading interval of <paramref name="reading"/>, keyed by its start.</param>
    public static BaselineEstimate? Estimate(IReadOnlyDictionary<DateTimeOffset, double> history, DateTimeOffset startUtc, int intervals, TimeSpan interval,
        TimeSpan before, TimeSpan reading, out string? insufficient)
    {
        ArgumentNullException.ThrowIfNull(history);
        var readings = (int)(before / reading);
        if (readings == 0)
        {
            insufficient = $"the {before.TotalMinutes:0} minutes before the event hold no whole reading of {reading.TotalMinutes:0} minutes";
            return null;
        }

        var energyKwh = 0.0;
        for (var k = 1; k <= readings; k++)
        {
            if (!history.TryGetValue(startUtc - (reading * k), out var kwh) || !double.IsFinite(kwh))
            {
                insufficient = $"no reading for {startUtc - (reading * k):yyyy-MM-ddTHH:mm}Z in the {before.TotalMinutes:0} minutes before the event";
                return null;
            }

            energyKwh += kwh;
        }

        insufficient = null;
        var meanKw = energyKwh / (reading * readings).TotalHours;
        return new BaselineEstimate(Method, [.. Enumerable.Repeat(meanKw * interval.TotalHours, intervals)], [], null, 1, null);
    }
}
