namespace Vpp.Application.Programs;

public interface IProgramStore
{
    Task SaveAsync(VppProgram program, CancellationToken cancellationToken);

    Task<VppProgram?> FindAsync(string programId, CancellationToken cancellationToken);

    /// <summary>Every program's id, without reading the programs: one that no longer reads cannot hide the others.</summary>
    Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken);
}
