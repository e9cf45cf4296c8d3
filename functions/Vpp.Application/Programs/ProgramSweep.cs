namespace Vpp.Application.Programs;

/// <summary>
/// A timer's work over every program, each on its own: a program that cannot be read or served (its data, its
/// solver, a stored tariff the parser no longer accepts) is recorded with its error, and the programs after it are
/// still served on this tick.
/// </summary>
public static class ProgramSweep
{
    public static async Task<ProgramSweepResult> RunAsync(IProgramStore programs, Func<VppProgram, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var ids = await programs.ListIdsAsync(cancellationToken);
        var failures = new List<ProgramFailure>();
        foreach (var id in ids)
        {
            try
            {
                // A program deleted since the listing has nothing left to serve.
                if (await programs.FindAsync(id, cancellationToken) is { } program)
                {
                    await work(program, cancellationToken);
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add(new ProgramFailure(id, error));
            }
        }

        return new ProgramSweepResult(ids.Count, failures);
    }
}
