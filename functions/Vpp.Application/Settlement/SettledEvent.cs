using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Settlement;

/// <summary>An event of the settled month with its report (in a batch's input, only the batch's devices).</summary>
public sealed record SettledEvent(DispatchEvent Event, DispatchReport Report);
