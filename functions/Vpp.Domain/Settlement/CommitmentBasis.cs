namespace Vpp.Domain.Settlement;

/// <summary>How an enrolment's committed kW (what its capacity credit pays for and its performance is measured against) is set.</summary>
public enum CommitmentBasis
{
    /// <summary>A share of the device's nameplate: what it can shed (its rated import, or a battery's rated export).</summary>
    NameplateShare,

    /// <summary>What the customer pledged at enrolment.</summary>
    Pledge,

    /// <summary>What the device delivered on average in its past events, as measured.</summary>
    Measured,
}
