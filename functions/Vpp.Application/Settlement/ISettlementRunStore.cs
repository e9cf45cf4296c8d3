using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>Settlement run versions and each customer's line in them; per batch, the inputs a run froze when it started; the corrections requested of approved months.</summary>
public interface ISettlementRunStore
{
    /// <summary>
    /// Stores <paramref name="changed"/> in place of <paramref name="read"/> (null: a new version) if the stored version is
    /// still the one read (the same history length); false when another change came first, and nothing is stored.
    /// </summary>
    Task<bool> SaveAsync(SettlementRunRecord? read, SettlementRunRecord changed, CancellationToken cancellationToken);

    Task<SettlementRunRecord?> FindAsync(string programId, DateOnly month, int version, CancellationToken cancellationToken);

    /// <summary>Every version of every month of the program, oldest first.</summary>
    Task<IReadOnlyList<SettlementRunRecord>> ListAsync(string programId, CancellationToken cancellationToken);

    /// <summary>Every run of every program (the runs are few: a program's months and their versions).</summary>
    Task<IReadOnlyList<SettlementRunRecord>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Stores the lines as computed: each customer's statement and payout line, before any transfer.</summary>
    Task SaveLinesAsync(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines, CancellationToken cancellationToken);

    /// <summary>
    /// Records what became of the lines' transfers (state, transfer id, failure, attempts, reversal), each in place of
    /// what was recorded before; their statements are not written again.
    /// </summary>
    Task SaveOutcomesAsync(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines, CancellationToken cancellationToken);

    /// <summary>
    /// The version's lines for customers in [<paramref name="fromCustomer"/>, <paramref name="untilCustomer"/>) (null: to
    /// the last), by customer id, each with its latest outcome; only those in <paramref name="state"/> when one is given.
    /// </summary>
    Task<IReadOnlyList<SettlementCustomerLine>> ReadLinesAsync(SettlementRunRecord run, string fromCustomer, string? untilCustomer, PayoutState? state, CancellationToken cancellationToken);

    Task<SettlementCustomerLine?> FindLineAsync(SettlementRunRecord run, string customerId, CancellationToken cancellationToken);

    Task AddCorrectionAsync(SettlementCorrection correction, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="claimant"/> carries the correction if the run that claimed it last is still
    /// <paramref name="expected"/> (null: none has): a compare-and-swap on the stored correction, false when another
    /// claim came first.
    /// </summary>
    Task<bool> ClaimCorrectionAsync(SettlementCorrection correction, SettlementRunVersion? expected, SettlementRunVersion claimant, CancellationToken cancellationToken);

    /// <summary>Every correction requested for the program's months, oldest first, each with the run that claimed it.</summary>
    Task<IReadOnlyList<SettlementCorrection>> ListCorrectionsAsync(string programId, CancellationToken cancellationToken);

    Task SaveBatchInputAsync(string programId, DateOnly month, int version, int batch, SettlementBatchInput input, CancellationToken cancellationToken);

    Task<SettlementBatchInput?> FindBatchInputAsync(string programId, DateOnly month, int version, int batch, CancellationToken cancellationToken);
}
