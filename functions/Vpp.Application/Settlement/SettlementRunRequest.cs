namespace Vpp.Application.Settlement;

/// <summary>
/// What starts a settlement run (instance id <see cref="InstanceId"/>): the program, the month (its first day), the
/// version, who asked, when to remind managers of a draft still waiting for them, how many customers a batch settles and pays.
/// </summary>
public sealed record SettlementRunRequest(string ProgramId, DateOnly Month, int Version, string RequestedBy, TimeSpan ReminderAfter, int BatchSize = SettlementRunRequest.DefaultBatchSize)
{
    public const int DefaultBatchSize = 1000;

    public string InstanceId => InstanceIdOf(ProgramId, Month, Version);

    public static string InstanceIdOf(string programId, DateOnly month, int version) => $"settlement:{programId}:{month:yyyy-MM}:v{version}";
}
