namespace Vpp.Domain.Settlement;

/// <summary>
/// A program's settlement terms over time: each version is in force from its effective date until the next one's. A run
/// settles each event on the terms in force on its local date and each month's capacity on those in force on the month's
/// first day, so a mid-month change pays each event as it was promised when the event was called.
/// </summary>
public sealed class SettlementTermsHistory
{
    private readonly SettlementTerms[] versions;

    public SettlementTermsHistory(IEnumerable<SettlementTerms> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        this.versions = [.. versions.OrderBy(v => v.EffectiveFrom)];
        if (this.versions.Length == 0)
        {
            throw new ArgumentException("a program settles on at least one version of terms", nameof(versions));
        }

        var repeated = this.versions.GroupBy(v => v.EffectiveFrom).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"two versions take effect on {repeated.Key:yyyy-MM-dd}", nameof(versions));
        }
    }

    public IReadOnlyList<SettlementTerms> Versions => versions;

    /// <summary>The version settling <paramref name="day"/>: the one in force then, or the first when the day precedes every version.</summary>
    public SettlementTerms Governing(DateOnly day) => InForceOn(day) ?? versions[0];

    /// <summary>The version in force on <paramref name="day"/>, or none before the first takes effect.</summary>
    public SettlementTerms? InForceOn(DateOnly day) => versions.LastOrDefault(v => v.EffectiveFrom <= day);
}
