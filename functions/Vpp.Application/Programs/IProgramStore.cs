namespace Vpp.Application.Programs;

public interface IProgramStore
{
    Task SaveAsync(VppProgram program, CancellationToken cancellationToken);

    Task<VppProgram?> FindAsync(string programId, CancellationToken cancellationToken);

    Task<IReadOnlyList<VppProgram>> ListAsync(CancellationToken cancellationToken);
}
