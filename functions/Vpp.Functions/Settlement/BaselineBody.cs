using Vpp.Domain.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>The baseline on the wire: method tenInTen|highXOfY|meterBefore|deviceMeasured, its day-of adjustment, X of Y days, minutes metered before.</summary>
public sealed record BaselineBody(BaselineMethod? Method, AdjustmentBody? Adjustment, int? HighestDays, int? OfDays, int? MeterBeforeMinutes);
