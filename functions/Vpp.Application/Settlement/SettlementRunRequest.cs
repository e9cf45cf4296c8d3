namespace Vpp.Application.Settlement;

/// <summary>
/// What starts a settlement run (instance id <see cref="InstanceId"/>): the program, the month (its first day), the
/// version, who asked, when to remind managers of a draft still waiting for them, how many customers a batch settles and
/// pays, and how many batches are in flight at once.
/// </summary>
public sealed record SettlementRunRequest(string ProgramId, DateOnly Month, int Version, string RequestedBy, TimeSpan ReminderAfter,
    int BatchSize = SettlementRunRequest.DefaultBatchSize, int BatchConcurrency = SettlementRunRequest.DefaultBatchConcurrency)
{
    public const int DefaultBatchSize = 1000;

    /// <summary>
    /// Enough to keep storage busy; more only queues activity messages, and a message that waits in a worker's buffer
    /// past its queue's visibility timeout is delivered again and its batch worked twice (harmless, but wasted).
    /// </summary>
    public const int DefaultBatchConcurrency = 8;

    public string InstanceId => InstanceIdOf(ProgramId, Month, Version);

    public static string InstanceIdOf(string programId, DateOnly month, int version) => $"settlement:{programId}:{month:yyyy-MM}:v{version}";
}
