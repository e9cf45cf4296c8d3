namespace Vpp.Application.Settlement;

/// <summary>
/// A program manager's request to settle an approved month again (late telemetry, corrected terms): the next run
/// prepared after it carries the difference as adjustment lines (<see cref="Vpp.Domain.Settlement.StatementAdjustment"/>),
/// and it is spent once a run carrying it is approved. A run that carried it and was rejected leaves it for the next.
/// </summary>
public sealed record SettlementCorrection(string ProgramId, DateOnly Month, string CorrectionId, string Reason, string RequestedBy, DateTimeOffset RequestedAtUtc);
