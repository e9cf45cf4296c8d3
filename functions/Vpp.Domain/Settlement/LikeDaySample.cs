namespace Vpp.Domain.Settlement;

/// <summary>
/// The like days a baseline averages, most recent first, and what the device drew on the event day over the
/// adjustment window (none when there is no window or a reading in it is missing: then there is no adjustment).
/// </summary>
public sealed record LikeDaySample(IReadOnlyList<LikeDay> Days, double[]? DayOfWindowKwh);
