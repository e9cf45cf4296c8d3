using System.Reflection;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.TestSupport.Faults;

/// <summary>Faults to pick in <see cref="ISettlementRunStore"/>'s calls (<see cref="FaultyCalls{T}.Fails"/>).</summary>
public static class SettlementRunStoreFaults
{
    /// <summary>
    /// Every read of all the lines of the program's run while it is <paramref name="status"/>: the payout step reads them
    /// approved, the export step paid out. A listing of one state (the run's failed payouts) still reads.
    /// </summary>
    public static Func<MethodInfo, object?[], bool> ReadingEveryLine(string programId, SettlementRunStatus status) =>
        (method, args) => method.Name == nameof(ISettlementRunStore.ReadLinesAsync)
            && args[0] is SettlementRunRecord run && run.Status == status && run.ProgramId == programId && args[3] is null;

    /// <summary>Every write of the outcomes of the program's transfers: the provider took them, the run does not learn it.</summary>
    public static Func<MethodInfo, object?[], bool> RecordingPayouts(string programId) =>
        (method, args) => method.Name == nameof(ISettlementRunStore.SaveOutcomesAsync) && args[0] is SettlementRunRecord run && run.ProgramId == programId;
}
