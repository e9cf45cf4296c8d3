using Vpp.Application.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>A correction of an approved month: who asked and why, and the run carrying its adjustment lines ("yyyy-MM vN"; null while none does).</summary>
public sealed record SettlementCorrectionView(string CorrectionId, string Month, string Reason, string RequestedBy, DateTimeOffset RequestedAtUtc, string? CarriedBy)
{
    public static SettlementCorrectionView Of(SettlementCorrection correction, SettlementRunRecord? carriedBy)
    {
        ArgumentNullException.ThrowIfNull(correction);
        return new(correction.CorrectionId, SettlementMonth.Format(correction.Month), correction.Reason, correction.RequestedBy, correction.RequestedAtUtc,
            carriedBy is null ? null : SettlementRunVersion.Of(carriedBy).ToString());
    }
}
