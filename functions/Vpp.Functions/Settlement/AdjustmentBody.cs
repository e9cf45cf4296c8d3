namespace Vpp.Functions.Settlement;

/// <summary>The day-of adjustment on the wire: its window in hours relative to the event's start, and the ratio's cap.</summary>
public sealed record AdjustmentBody(double? FromHours, double? UntilHours, double? MinRatio, double? MaxRatio);
