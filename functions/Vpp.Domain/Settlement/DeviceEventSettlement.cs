using Vpp.Domain.Dispatch;

namespace Vpp.Domain.Settlement;

/// <summary>
/// One device in one event as its statement explains it: the baseline method (and why, when it fell back), baseline,
/// metered and delivered kWh over the event, and why it earns nothing for it when it does not (<see cref="ExcludedReason"/>).
/// An opted-out device delivered nothing it is paid for, yet the event still counts in its performance factor.
/// </summary>
public sealed record DeviceEventSettlement(
    string EventId,
    DateOnly LocalDate,
    DispatchEventKind Kind,
    bool IsTest,
    double Hours,
    string? Method,
    string? FallbackReason,
    double BaselineKwh,
    double ActualKwh,
    double DeliveredKwh,
    bool OptedOut,
    string? ExcludedReason)
{
    /// <summary>Whether the event counts in the device's performance factor: it was settled, or it was opted out of.</summary>
    public bool CountsForPerformance => OptedOut || ExcludedReason is null;

    /// <param name="actualKwh">Metered energy per event interval; a missing reading is NaN.</param>
    /// <param name="optedOutUtc">When the customer opted out or overrode the device, if they did.</param>
    public static DeviceEventSettlement Settle(string eventId, DateOnly localDate, DispatchEventKind kind, bool isTest, TimeSpan interval,
        BaselineChoice choice, IReadOnlyList<double> actualKwh, double maxSwingKw, DateTimeOffset? optedOutUtc)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(actualKwh);
        var hours = interval.TotalHours * actualKwh.Count;
        var missing = actualKwh.Count(kwh => !double.IsFinite(kwh));
        var actual = actualKwh.Where(double.IsFinite).Sum();
        // Unmetered intervals exclude the event whatever its baseline, so they are the reason given, not a missing baseline.
        if (missing > 0)
        {
            return new(eventId, localDate, kind, isTest, hours, choice.Estimate?.Method, choice.FallbackReason, choice.Estimate?.TotalKwh ?? 0, actual, 0, optedOutUtc is not null,
                $"{missing} of {actualKwh.Count} event intervals not metered");
        }

        if (choice.Estimate is not { } baseline)
        {
            return new(eventId, localDate, kind, isTest, hours, null, choice.FallbackReason, 0, actual, 0, optedOutUtc is not null, $"no baseline: {choice.FallbackReason}");
        }

        if (optedOutUtc is { } at)
        {
            return new(eventId, localDate, kind, isTest, hours, baseline.Method, choice.FallbackReason, baseline.TotalKwh, actual, 0, true, $"opted out at {at:yyyy-MM-ddTHH:mm}Z");
        }

        var delivered = DeliveredEnergy.PerInterval(baseline.IntervalKwh, actualKwh, kind, maxSwingKw, interval).Sum();
        return new(eventId, localDate, kind, isTest, hours, baseline.Method, choice.FallbackReason, baseline.TotalKwh, actual, delivered, false, null);
    }
}
