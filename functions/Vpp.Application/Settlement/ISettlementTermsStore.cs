using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>Each program's settlement terms, one version per effective date.</summary>
public interface ISettlementTermsStore
{
    /// <summary>Stores the version effective from its date, replacing one with the same date.</summary>
    Task SaveAsync(string programId, SettlementTerms terms, CancellationToken cancellationToken);

    /// <summary>The program's versions, earliest effective first; empty when it has none.</summary>
    Task<IReadOnlyList<SettlementTerms>> ListAsync(string programId, CancellationToken cancellationToken);
}
