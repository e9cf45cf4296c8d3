using System.Text.Json.Serialization;

namespace Vpp.Application.Settlement;

/// <summary>
/// A program manager's request to settle an approved month again (late telemetry, corrected terms): the next run
/// prepared after it carries the difference as adjustment lines (<see cref="Vpp.Domain.Settlement.StatementAdjustment"/>),
/// and it is spent once a run carrying it is approved. A run that carried it and was rejected leaves it for the next.
/// </summary>
public sealed record SettlementCorrection(string ProgramId, DateOnly Month, string CorrectionId, string Reason, string RequestedBy, DateTimeOffset RequestedAtUtc)
{
    /// <summary>
    /// The run that claimed it while being prepared (<see cref="ISettlementRunStore.ClaimCorrectionAsync"/>), as stored;
    /// not part of the correction a run record or a batch input carries.
    /// </summary>
    [JsonIgnore]
    public SettlementRunVersion? ClaimedBy { get; init; }
}
