namespace Vpp.Application.Settlement;

/// <summary>A run version's finance exports: written (again, identically, when a step is retried) and read back by name.</summary>
public interface ISettlementExports
{
    /// <summary>Writes the run's statements, payout lines and journal as CSV and Parquet with their manifest; returns the files' names.</summary>
    Task<IReadOnlyList<string>> WriteAsync(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines, CancellationToken cancellationToken);

    /// <summary>The names of the run version's files; empty before it is exported.</summary>
    Task<IReadOnlyList<string>> ListAsync(string programId, DateOnly month, int version, CancellationToken cancellationToken);

    /// <summary>The file's bytes and content type, or null when the run has no such file.</summary>
    Task<(byte[] Content, string ContentType)?> FindAsync(string programId, DateOnly month, int version, string name, CancellationToken cancellationToken);
}
