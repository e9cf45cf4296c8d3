namespace Vpp.Domain.Settlement;

/// <summary>
/// The baseline a device was settled on, and when it is not the program's method, why (<see cref="FallbackReason"/>
/// names what the program's method lacked). With no <see cref="Estimate"/>, no method had enough history and the
/// device is left out of the event's settlement for <see cref="FallbackReason"/>.
/// </summary>
public sealed record BaselineChoice(BaselineEstimate? Estimate, string? FallbackReason);
