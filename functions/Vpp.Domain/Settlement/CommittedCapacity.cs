namespace Vpp.Domain.Settlement;

/// <summary>
/// An enrolment's committed kW under the program's <see cref="CommitmentBasis"/>, and how it was set. A pledge or a
/// measurement the enrolment lacks falls back to the nameplate share, and says so.
/// </summary>
public sealed record CommittedCapacity(decimal Kw, string Basis)
{
    public static CommittedCapacity Of(SettlementTerms terms, SettlementEnrolment enrolment)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(enrolment);
        var nameplate = SettlementRounding.ToThousandths(enrolment.NameplateKw * terms.NameplateShare);
        var nameplateBasis = $"{terms.NameplateShare:0.###} of {enrolment.NameplateKw:0.###} kW nameplate";
        return terms.Commitment switch
        {
            CommitmentBasis.Pledge when enrolment.PledgedKw is { } pledged => new(SettlementRounding.ToThousandths(Math.Clamp(pledged, 0, enrolment.NameplateKw)), "pledged"),
            CommitmentBasis.Measured when enrolment.MeasuredKw is { } measured => new(SettlementRounding.ToThousandths(Math.Clamp(measured, 0, enrolment.NameplateKw)), "measured in past events"),
            CommitmentBasis.NameplateShare => new(nameplate, nameplateBasis),
            _ => new(nameplate, $"{nameplateBasis} (no {(terms.Commitment == CommitmentBasis.Pledge ? "pledge" : "measurement")} recorded)"),
        };
    }
}
