using System.Text.Json.Serialization;

namespace Vpp.Application.Settlement;

/// <summary>
/// What starts a settlement run (instance id <see cref="InstanceId"/>): the program, the month (its first day), the
/// version, who asked, when to remind managers of a draft still waiting for them, how many customers a batch settles and
/// pays, how many batches are in flight at once, and how soon a batch's payouts are first retried when not
/// <see cref="DefaultPayoutRetrySeconds"/> (left out of the serialized request then, as requests before it had none).
/// </summary>
public sealed record SettlementRunRequest(string ProgramId, DateOnly Month, int Version, string RequestedBy, TimeSpan ReminderAfter,
    int BatchSize = SettlementRunRequest.DefaultBatchSize, int BatchConcurrency = SettlementRunRequest.DefaultBatchConcurrency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PayoutRetrySeconds = null)
{
    public const int DefaultBatchSize = 1000;

    /// <summary>
    /// A batch's payouts are retried ten times, the wait doubling from this to at most sixty times it: about twenty minutes
    /// in all by default, enough for a provider's outage of minutes, before the run is held for a person (ADR 0045).
    /// </summary>
    public const double DefaultPayoutRetrySeconds = 5;

    /// <summary>
    /// Enough to keep storage busy; more only queues activity messages, and a message that waits in a worker's buffer
    /// past its queue's visibility timeout is delivered again and its batch worked twice (harmless, but wasted).
    /// </summary>
    public const int DefaultBatchConcurrency = 8;

    public string InstanceId => InstanceIdOf(ProgramId, Month, Version);

    public static string InstanceIdOf(string programId, DateOnly month, int version) => $"settlement:{programId}:{month:yyyy-MM}:v{version}";
}
