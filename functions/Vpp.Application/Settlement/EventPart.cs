using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>A device's part in an event, as its report gives it, with the baseline rule of the terms in force that day.</summary>
public sealed record EventPart(DispatchEvent Event, DispatchReportDevice Device, BaselineRule Rule);
