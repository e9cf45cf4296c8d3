namespace Vpp.Domain.Settlement;

/// <summary>
/// A program's baseline method with its settings, and the documented fallback when a device lacks the history for it
/// (ADR 0027): the program's method first, then 10-in-10, device-measured and meter before, in that order, each
/// tried once. A new device is settled on the first that has what it needs, and its statement says which and why.
/// </summary>
public sealed record BaselineRule(
    BaselineMethod Method,
    DayOfAdjustment Adjustment,
    int HighestDays = 5,
    int OfDays = 10,
    int MeterBeforeMinutes = 30)
{
    public static readonly BaselineRule Default = new(BaselineMethod.TenInTen, DayOfAdjustment.Default);

    private static readonly BaselineMethod[] Fallbacks = [BaselineMethod.TenInTen, BaselineMethod.DeviceMeasured, BaselineMethod.MeterBefore];

    public string MethodName => Method switch
    {
        BaselineMethod.TenInTen => TenInTenBaseline.Method,
        BaselineMethod.HighXOfY => HighXOfYBaseline.MethodOf(HighestDays, OfDays),
        BaselineMethod.MeterBefore => MeterBeforeBaseline.Method,
        _ => DeviceProfileBaseline.Method,
    };

    public IEnumerable<Devices.FieldError> Validate(string prefix)
    {
        if (HighestDays < 1 || OfDays < HighestDays || OfDays > 20)
        {
            yield return new($"{prefix}.highestDays", "at least 1, and at most ofDays (at most 20)");
        }

        if (MeterBeforeMinutes is < 5 or > 240)
        {
            yield return new($"{prefix}.meterBeforeMinutes", "between 5 and 240 minutes");
        }

        if (Adjustment is null || Adjustment.From > Adjustment.Until || Adjustment.Until > TimeSpan.Zero || Adjustment.From < TimeSpan.FromHours(-24)
            || !(Adjustment.MinRatio > 0 && Adjustment.MinRatio <= 1 && Adjustment.MaxRatio >= 1 && Adjustment.MaxRatio <= 10))
        {
            yield return new($"{prefix}.adjustment", "a window within the 24 hours before the start, and a cap with 0 < min ≤ 1 ≤ max ≤ 10");
        }
    }

    /// <summary>The device's baseline for the event's <paramref name="intervals"/> from <paramref name="startUtc"/>, falling back as documented.</summary>
    public BaselineChoice Choose(BaselineHistory history, DateTimeOffset startUtc, int intervals, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(history);
        var shortfalls = new List<string>();
        foreach (var method in Fallbacks.Where(m => m != Method).Prepend(Method))
        {
            var estimate = Estimate(method, history, startUtc, intervals, interval, out var insufficient);
            if (estimate is not null)
            {
                return new BaselineChoice(estimate, shortfalls.Count == 0 ? null : string.Join("; ", shortfalls));
            }

            shortfalls.Add($"{NameOf(method)}: {insufficient}");
        }

        return new BaselineChoice(null, string.Join("; ", shortfalls));
    }

    private string NameOf(BaselineMethod method) => (this with { Method = method }).MethodName;

    private BaselineEstimate? Estimate(BaselineMethod method, BaselineHistory history, DateTimeOffset startUtc, int intervals, TimeSpan interval, out string? insufficient) => method switch
    {
        BaselineMethod.TenInTen => TenInTenBaseline.Estimate(history.IntervalKwh, startUtc, intervals, interval, history.Zone, history.Holidays, history.ExcludedDays, Adjustment, out insufficient),
        BaselineMethod.HighXOfY => HighXOfYBaseline.Estimate(history.IntervalKwh, startUtc, intervals, interval, history.Zone, history.Holidays, history.ExcludedDays, HighestDays, OfDays, Adjustment, out insufficient),
        BaselineMethod.MeterBefore => MeterBeforeBaseline.Estimate(history.IntervalKwh, startUtc, intervals, interval, TimeSpan.FromMinutes(MeterBeforeMinutes), interval, out insufficient),
        _ => DeviceProfileBaseline.Estimate(history.Profile, startUtc, intervals, interval, history.Zone, out insufficient),
    };
}
