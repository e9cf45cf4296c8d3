using Microsoft.DurableTask;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>Reads the event and, when asked, moves it on (<see cref="DispatchEventService.AdvanceAsync"/>).</summary>
[DurableTask(Name)]
public sealed class AdvanceDispatchEventActivity(DispatchEventService service) : TaskActivity<DispatchAdvance, DispatchEvent?>
{
    public const string Name = "AdvanceDispatchEvent";

    public override Task<DispatchEvent?> RunAsync(TaskActivityContext context, DispatchAdvance input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.To is { } to
            ? service.AdvanceAsync(input.ProgramId, input.EventId, to, input.Cause ?? "orchestration", CancellationToken.None)
            : service.FindAsync(input.ProgramId, input.EventId, CancellationToken.None);
    }
}
